using System.Text;

namespace TaskQueue.Tests.Infrastructure;

// The AppHost run as a user runs it: a real process with command-line options, started the
// way `dotnet run` starts it (its launch profile's settings: Development, the dashboard over
// http), but on free ports, so that it never collides with an AppHost a developer has open.
// Watched through its console output.
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly ManagedProcess _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _waiters = [];

    private AppHostProcess(IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        DashboardPort = FreePort.Next();
        var launchProfile = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://localhost:{DashboardPort}",
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort.Next()}",
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort.Next()}",
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            launchProfile[key] = value;
        }

        var appHost = Path.ChangeExtension(new ServiceBuilds.TaskQueue_AppHost().TargetPath, null);
        _process = ManagedProcess.Start(appHost, arguments, Path.GetDirectoryName(appHost)!, launchProfile, OnLine);
    }

    public int Pid => _process.Pid;
    public int DashboardPort { get; }
    public Task<int> Exited => _process.Exited;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static AppHostProcess Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null) =>
        new(arguments, environment);

    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var existing = _output.ToString().Split('\n').Select(line => line.TrimEnd('\r')).FirstOrDefault(predicate);
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((predicate, found));
        }

        var completed = await Task.WhenAny(found.Task, _process.Exited, Task.Delay(timeout));
        if (completed == found.Task)
        {
            return await found.Task;
        }

        throw new TimeoutException(completed == _process.Exited
            ? $"The AppHost exited with code {await _process.Exited} before the expected line:\n{Output}"
            : $"The expected line did not appear within {timeout}:\n{Output}");
    }

    public Task<string> WaitForReadyAsync() =>
        WaitForLineAsync(line => line.StartsWith("Ready: http://localhost:", StringComparison.Ordinal), TimeSpan.FromSeconds(180));

    // What Ctrl+C in a terminal does: SIGINT to the AppHost's process group. An AppHost that
    // inherited SIGINT ignored would wait out the test's timeout; say why at once instead.
    public void PressCtrlC()
    {
        if (OsProcesses.IgnoresSignal(Pid, UnixSignals.SigInt))
        {
            throw new InvalidOperationException(
                "The AppHost ignores SIGINT, inherited from this test run: a non-interactive shell started it in the background " +
                "(`./scripts/test.sh &`). Run the tests in the foreground, or from a shell with job control (`set -m`).");
        }

        UnixSignals.SendToGroup(Pid, UnixSignals.SigInt);
    }

    public void SendSigterm() => UnixSignals.Send(Pid, UnixSignals.SigTerm);

    private void OnLine(string line)
    {
        lock (_lock)
        {
            _output.AppendLine(line);
            foreach (var waiter in _waiters.Where(waiter => waiter.Predicate(line)).ToList())
            {
                waiter.Found.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync() => await _process.StopAsync(TimeSpan.FromSeconds(30));
}
