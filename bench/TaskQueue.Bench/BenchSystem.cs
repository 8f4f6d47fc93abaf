using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Bench;

// The system under test, started through the real AppHost (Release build) in a fresh data
// dir, on default options (tracing included) but for failures injected on purpose, as the tests start it (AppHostProcess); stopped by PID with SIGTERM. Its processes are found through
// /proc: the AppHost's own children and DCP's (DCP names the AppHost's PID in --monitor).
public sealed partial class BenchSystem : IAsyncDisposable
{
    private readonly AppHostProcess _appHost;
    private readonly string _dataDir;

    private BenchSystem(AppHostProcess appHost, string dataDir, int port, TimeSpan coldStart)
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

    // The admin's API key for this run, handed to the AppHost as --admin-key.
    public static string ApiKey { get; } = $"tq_bench-{Guid.NewGuid():N}";

    public static async Task<BenchSystem> StartAsync(int workers, string database = "sqlite", int sinks = 1)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"taskqueue-bench-{Guid.NewGuid():N}"[..30]);
        Directory.CreateDirectory(dataDir);
        var port = FreePort.Next();
        var clock = Stopwatch.StartNew();
        var appHost = AppHostProcess.Start(
            ["--workers", $"{workers}", "--database", database, "--sinks", $"{sinks}", "--port", $"{port}", "--data-dir", dataDir,
             "--failure-rate", "0", "--admin-key", ApiKey]);
        try
        {
            await appHost.WaitForReadyAsync();
        }
        catch
        {
            await appHost.DisposeAsync();
            throw;
        }

        return new BenchSystem(appHost, dataDir, port, clock.Elapsed);
    }

    // Every process of the running system, named by what it is.
    public IReadOnlyList<(string Name, int Pid)> Processes()
    {
        var workers = 0;
        var sinks = 0;
        return OsProcesses.AppHostTree(_appHost.Pid).Append(_appHost.Pid)
            .Select(pid => (Name: Describe(OsProcesses.CommandLine(pid).TrimEnd(), ref workers, ref sinks), Pid: pid))
            .Where(process => process.Name.Length > 0)
            .ToList();
    }

    private static string Describe(string commandLine, ref int workers, ref int sinks) => commandLine switch
    {
        _ when commandLine.Contains("beam.smp", StringComparison.Ordinal) => "broker",
        _ when commandLine.EndsWith("TaskQueue.Web", StringComparison.Ordinal) => "web",
        _ when commandLine.EndsWith("TaskQueue.Sink", StringComparison.Ordinal) => $"sink-{++sinks}",
        // The postmaster; its backends are its children and count in its tree.
        _ when commandLine.StartsWith("/usr/lib/postgresql/", StringComparison.Ordinal) => "postgres",
        _ when commandLine.EndsWith("TaskQueue.Worker", StringComparison.Ordinal) => $"worker-{++workers}",
        _ when commandLine.Contains("TaskQueue.AppHost", StringComparison.Ordinal) => "aspire: apphost",
        _ when commandLine.Contains("Aspire.Dashboard", StringComparison.Ordinal) => "aspire: dashboard",
        _ when commandLine.Contains("/dcp ", StringComparison.Ordinal) => "aspire: dcp",
        _ when commandLine.Contains("epmd", StringComparison.Ordinal) => "epmd",
        _ => "",
    };

    // The broker the AppHost started, for measuring its raw ceiling in the same run: the AMQP
    // port from the resource table the AppHost printed, the password it generated.
    public string BrokerConnectionString()
    {
        var port = AmqpPort().Match(_appHost.Output).Groups[1].Value;
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dataDir, "parameters.json")));
        return $"amqp://taskqueue:{parameters.RootElement.GetProperty("messaging-password").GetString()}@127.0.0.1:{port}/";
    }

    [GeneratedRegex(@"^messaging-\w+\s.*tcp://localhost:(\d+)", RegexOptions.Multiline)]
    private static partial Regex AmqpPort();

    public async ValueTask DisposeAsync()
    {
        await _appHost.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
