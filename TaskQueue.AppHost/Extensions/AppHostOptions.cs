using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace TaskQueue.AppHost.Extensions;

// The AppHost's own options. Aspire puts the command line into configuration, so
// `--workers 3` arrives as the key "workers"; each option may also be set as TaskQueue:Workers
// (the environment variable TaskQueue__Workers=3). A bad value is one line on stderr and exit 2.
public sealed record AppHostOptions(int Workers, double FailureRate, int Port, string DataDir, int? DashboardPort, double? TraceSampling, string Database, int BrokerNodes)
{
    public const int MaxWorkers = 64;
    public const int MaxReplicas = 16;

    // --sinks and --web-replicas: copies of the sink and of the web app (PostgreSQL only; see ServiceReplicas).
    public int Sinks { get; init; } = 1;
    public int WebReplicas { get; init; } = 1;

    // --traces-per-second: each service's budget of new traces a second (TraceBudgetSampler), the
    // default sampling; --trace-sampling replaces it with a fixed share.
    public int TracesPerSecond { get; init; } = DefaultTracesPerSecond;
    public const int DefaultTracesPerSecond = 10;

    // The shared database's engine: SQLite, embedded and the default, or a PostgreSQL server.
    public static readonly IReadOnlyList<string> Databases = ["sqlite", "postgres"];

    // A quorum needs a majority, so a cluster has an odd number of nodes: 3 survive one loss.
    public static readonly IReadOnlyList<string> BrokerNodeCounts = ["1", "3", "5"];

    public static AppHostOptions Read(IConfiguration configuration)
    {
        try
        {
            var dataDir = Value(configuration, "data-dir", "DataDir") is { Length: > 0 } given
                ? Path.GetFullPath(given)
                : Path.Combine(RepositoryRoot.Find(), ".taskqueue");
            var options = new AppHostOptions(
                ParseInt(configuration, "workers", "Workers", 1, 0, MaxWorkers),
                ParseDouble(configuration, "failure-rate", "FailureRate", 0.4, 0, 1),
                ParseInt(configuration, "port", "Port", 5080, 1, 65535),
                dataDir,
                Value(configuration, "dashboard-port", "DashboardPort") is null ? null : ParseInt(configuration, "dashboard-port", "DashboardPort", 0, 1, 65535),
                Value(configuration, "trace-sampling", "TraceSampling") is null ? null : ParseDouble(configuration, "trace-sampling", "TraceSampling", 1, 0, 1),
                ParseChoice(configuration, "database", "Database", Databases),
                int.Parse(ParseChoice(configuration, "broker-nodes", "BrokerNodes", BrokerNodeCounts), CultureInfo.InvariantCulture))
            {
                Sinks = ParseInt(configuration, "sinks", "Sinks", 1, 1, MaxReplicas),
                WebReplicas = ParseInt(configuration, "web-replicas", "WebReplicas", 1, 1, MaxReplicas),
                TracesPerSecond = ParseInt(configuration, "traces-per-second", "TracesPerSecond", DefaultTracesPerSecond, 1, 100_000),
            };

            ServiceReplicas.EnsureDatabaseAllows(options);

            EnsurePortIsFree(options.Port, "--port");
            if (options.DashboardPort is { } dashboardPort)
            {
                if (dashboardPort == options.Port)
                {
                    throw new AppHostOptionsException($"--dashboard-port must differ from --port (both {dashboardPort}).");
                }

                EnsurePortIsFree(dashboardPort, "--dashboard-port");
            }

            Directory.CreateDirectory(options.DataDir);
            return options;
        }
        catch (AppHostOptionsException exception)
        {
            return StartupError.Exit<AppHostOptions>(exception.Message);
        }
    }

    private static string? Value(IConfiguration configuration, string option, string key) =>
        configuration[option] ?? configuration[$"TaskQueue:{key}"];

    private static int ParseInt(IConfiguration configuration, string option, string key, int fallback, int min, int max) =>
        Value(configuration, option, key) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw new AppHostOptionsException($"--{option} must be a whole number from {min} to {max} (got '{text}').");

    private static double ParseDouble(IConfiguration configuration, string option, string key, double fallback, double min, double max) =>
        Value(configuration, option, key) is not { } text ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw new AppHostOptionsException($"--{option} must be a number from {min} to {max} (got '{text}').");

    private static string ParseChoice(IConfiguration configuration, string option, string key, IReadOnlyList<string> choices) =>
        Value(configuration, option, key) is not { } text ? choices[0]
        : choices.FirstOrDefault(choice => string.Equals(choice, text.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new AppHostOptionsException($"--{option} must be {string.Join(" or ", choices)} (got '{text}').");

    // Checked up front: a taken port is one clear line, not a web app that fails to bind.
    private static void EnsurePortIsFree(int port, string option)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
        catch (SocketException)
        {
            throw new AppHostOptionsException($"port {port} is already in use; choose another with {option}.");
        }
    }
}

public sealed class AppHostOptionsException(string message) : Exception(message);
