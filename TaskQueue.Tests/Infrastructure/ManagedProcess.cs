using System.Diagnostics;

namespace TaskQueue.Tests.Infrastructure;

// One OS process a test started: each line it prints goes to `output`, and it runs in its own
// session and process group, so that the test can signal it and everything it started, by
// PID, and nothing it starts is tied to the test runner's terminal.
public sealed class ManagedProcess
{
    private const string SetSid = "/usr/bin/setsid";

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public Task<int> Exited => _exited.Task;
    public bool HasExited => _exited.Task.IsCompleted;

    public static ManagedProcess Start(
        string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, Action<string> output)
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = File.Exists(SetSid) ? SetSid : fileName,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (File.Exists(SetSid))
        {
            startInfo.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process);
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output(line.Data); };
        process.Exited += (_, _) => managed.OnExited();

        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    private void OnExited()
    {
        // Drain the output readers before reporting the exit, so the last lines come first.
        _process.WaitForExit();
        _exited.TrySetResult(_process.ExitCode);
    }

    // SIGTERM, then SIGKILL to the whole process group if it has not exited within the grace period.
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (HasExited)
        {
            return;
        }

        UnixSignals.Send(Pid, UnixSignals.SigTerm);
        if (await Task.WhenAny(Exited, Task.Delay(gracePeriod)) != Exited)
        {
            Kill();
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(2)));
        }
    }

    public void Kill()
    {
        if (!HasExited)
        {
            UnixSignals.SendToGroup(Pid, UnixSignals.SigKill);
            UnixSignals.Send(Pid, UnixSignals.SigKill);
        }
    }
}
