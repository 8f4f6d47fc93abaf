using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskQueue.AppHost.Hosting;

namespace TaskQueue.Bench;

// The system under test, started through the real AppHost (Release build) in a fresh data
// dir, exactly as a user starts it; stopped by PID with SIGTERM.
public sealed partial class BenchSystem : IAsyncDisposable
{
    private readonly ManagedProcess _appHost;
    private readonly string _dataDir;

    private BenchSystem(ManagedProcess appHost, string dataDir, int port, TimeSpan coldStart)
    {
        _appHost = appHost;
        _dataDir = dataDir;
        Port = port;
        ColdStart = coldStart;
    }

    public int Port { get; }
    public TimeSpan ColdStart { get; }
    public string DatabasePath => Path.Combine(_dataDir, "tasks.db");
    public Uri BaseAddress => new($"http://localhost:{Port}/");

    // A share of traces, as a production deployment would keep: tracing every task costs about
    // a quarter of the end-to-end throughput (README, Benchmark).
    public const double TraceSampling = 0.01;

    // The admin's API key for this run, handed to the AppHost as --admin-key.
    public static string ApiKey { get; } = $"tq_bench-{Guid.NewGuid():N}";

    public static async Task<BenchSystem> StartAsync(int workers)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"taskqueue-bench-{Guid.NewGuid():N}"[..30]);
        Directory.CreateDirectory(dataDir);
        var port = FreePort.Next();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var appHost = ManagedProcess.Start(DotNetHost.Path,
            ["exec", new Projects.TaskQueue_AppHost().TargetPath, "--workers", $"{workers}", "--port", $"{port}", "--data-dir", dataDir, "--failure-rate", "0", "--admin-key", ApiKey, "--trace-sampling", $"{TraceSampling}"],
            dataDir, new Dictionary<string, string>(), line =>
            {
                if (line.StartsWith("Ready: ", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
                else if (line.StartsWith("error", StringComparison.Ordinal))
                {
                    Console.Error.WriteLine(line);
                }
            });

        if (await Task.WhenAny(ready.Task, appHost.Exited, Task.Delay(TimeSpan.FromMinutes(2))) != ready.Task)
        {
            appHost.Kill();
            throw new InvalidOperationException("The AppHost did not become ready.");
        }

        return new BenchSystem(appHost, dataDir, port, clock.Elapsed);
    }

    public IReadOnlyList<(string Name, int Pid)> Processes()
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dataDir, "apphost-state.json")));
        return state.RootElement.GetProperty("resources").EnumerateArray()
            .Where(resource => resource.GetProperty("pid").ValueKind == JsonValueKind.Number && resource.GetProperty("state").GetString() == "Running")
            .Select(resource => (resource.GetProperty("name").GetString()!, resource.GetProperty("pid").GetInt32()))
            .ToList();
    }

    // The broker the AppHost started, for measuring its raw ceiling in the same run.
    public string BrokerConnectionString()
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dataDir, "apphost-state.json")));
        var endpoint = state.RootElement.GetProperty("resources").EnumerateArray()
            .Single(resource => resource.GetProperty("name").GetString() == "messaging").GetProperty("endpoint").GetString()!;
        var port = AmqpPort().Match(endpoint).Groups[1].Value;
        using var credentials = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dataDir, "rabbitmq", "credentials.json")));
        return $"amqp://{credentials.RootElement.GetProperty("User").GetString()}:{credentials.RootElement.GetProperty("Password").GetString()}@127.0.0.1:{port}/";
    }

    [GeneratedRegex(@"amqp://127\.0\.0\.1:(\d+)")]
    private static partial Regex AmqpPort();

    public async ValueTask DisposeAsync()
    {
        await _appHost.StopAsync(TimeSpan.FromSeconds(30));
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
