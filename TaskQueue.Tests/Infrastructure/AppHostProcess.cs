using System.Text;
using System.Text.Json;
using TaskQueue.AppHost.Hosting;

namespace TaskQueue.Tests.Infrastructure;

// The AppHost run as a user runs it: a real process with command-line options, watched
// through its console output and the state file it keeps in the data dir.
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly ManagedProcess _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _waiters = [];

    private AppHostProcess(string dataDir, IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        DataDir = dataDir;
        _process = ManagedProcess.Start(DotNetHost.Path, ["exec", new Projects.TaskQueue_AppHost().TargetPath, .. arguments],
            Path.GetTempPath(), new Dictionary<string, string>(environment ?? new Dictionary<string, string>()), OnLine);
    }

    public string DataDir { get; }
    public int Pid => _process.Pid;
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

    public static AppHostProcess Start(string dataDir, IEnumerable<string> arguments, IDictionary<string, string>? environment = null) =>
        new(dataDir, arguments, environment);

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
        WaitForLineAsync(line => line.StartsWith("Ready: http://localhost:", StringComparison.Ordinal), TimeSpan.FromSeconds(120));

    public AppHostState ReadState() =>
        JsonSerializer.Deserialize<AppHostState>(File.ReadAllText(Path.Combine(DataDir, "apphost-state.json")), JsonSerializerOptions.Web)!;

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

    public async ValueTask DisposeAsync() => await _process.StopAsync(TimeSpan.FromSeconds(20));
}

public sealed record AppHostState(int AppHostPid, string Url, IReadOnlyList<ResourceSnapshot> Resources)
{
    public ResourceSnapshot Resource(string name) => Resources.Single(resource => resource.Name == name);
}
