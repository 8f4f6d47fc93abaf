using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace TaskQueue.AppHost.Hosting;

// The AppHost's command line: --workers, --failure-rate, --port, --data-dir, --dashboard-port,
// --dashboard-token (and the --admin-password and --admin-key parameters, see
// ParameterResource). Each is also configuration (TaskQueue:Workers, …), so environment
// variables such as TaskQueue__Workers=3 work too. A dashboard port of 0 means a free one;
// no token means a random one per run. --trace-sampling is the share of traces kept.
public sealed record AppHostOptions(
    int Workers, double FailureRate, int Port, string DataDir, int DashboardPort, string? DashboardToken, double TraceSampling = 1)
{
    public const int MaxWorkers = 64;

    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--workers"] = "TaskQueue:Workers",
        ["--failure-rate"] = "TaskQueue:FailureRate",
        ["--port"] = "TaskQueue:Port",
        ["--data-dir"] = "TaskQueue:DataDir",
        ["--dashboard-port"] = "TaskQueue:DashboardPort",
        ["--dashboard-token"] = "TaskQueue:DashboardToken",
        ["--trace-sampling"] = "TaskQueue:TraceSampling",
        ["--admin-password"] = "Parameters:admin-password",
        ["--admin-key"] = "Parameters:admin-key",
    };

    public static AppHostOptions Bind(IConfiguration configuration, string defaultDataDir)
    {
        var section = configuration.GetSection("TaskQueue");
        var workers = ParseInt(section["Workers"], "--workers", 1, 0, MaxWorkers);
        var failureRate = ParseDouble(section["FailureRate"], "--failure-rate", 0.4, 0, 1);
        var port = ParseInt(section["Port"], "--port", 5080, 1, 65535);
        var dataDir = Path.GetFullPath(string.IsNullOrWhiteSpace(section["DataDir"]) ? defaultDataDir : section["DataDir"]!);

        var dashboardPort = ParseInt(section["DashboardPort"], "--dashboard-port", 0, 0, 65535);
        var dashboardToken = section["DashboardToken"] is { Length: > 0 } token ? token : null;
        var traceSampling = ParseDouble(section["TraceSampling"], "--trace-sampling", 1, 0, 1);

        EnsurePortIsFree(port, "--port");
        if (dashboardPort == port)
        {
            throw new AppHostOptionsException($"--dashboard-port must differ from --port (both {port}).");
        }

        if (dashboardPort != 0)
        {
            EnsurePortIsFree(dashboardPort, "--dashboard-port");
        }

        return new AppHostOptions(workers, failureRate, port, dataDir, dashboardPort, dashboardToken, traceSampling);
    }

    private static int ParseInt(string? text, string option, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new AppHostOptionsException($"{option} must be a whole number from {min} to {max} (got '{text}').");
    }

    private static double ParseDouble(string? text, string option, double fallback, double min, double max)
    {
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new AppHostOptionsException($"{option} must be a number from {min} to {max} (got '{text}').");
    }

    // Checked up front so a taken port is one clear line, not a web app crash-looping under supervision.
    private static void EnsurePortIsFree(int port, string option)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException)
        {
            throw new AppHostOptionsException($"port {port} is already in use; choose another with {option}.");
        }
    }
}

public sealed class AppHostOptionsException(string message) : Exception(message);
