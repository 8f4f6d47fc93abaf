using System.Globalization;

namespace TaskQueue.Bench;

public sealed record BenchOptions(int Runs, int Tasks, int RawMessages, int LatencySeconds, int ListRows, int Workers, string Database, int Sinks, string Scenario, string? LatencyCsvDirectory)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        int Get(string name, int fallback) =>
            values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        return new BenchOptions(
            Runs: Get("--runs", 3),
            Tasks: Get("--tasks", 20_000),
            RawMessages: Get("--raw-messages", 50_000),
            LatencySeconds: Get("--latency-seconds", 10),
            ListRows: Get("--list-rows", 1_000_000),
            Workers: Get("--workers", 2),
            Database: values.GetValueOrDefault("--database", "sqlite"),
            Sinks: Get("--sinks", 1),
            Scenario: values.GetValueOrDefault("--scenario", "throughput"),
            LatencyCsvDirectory: values.GetValueOrDefault("--latency-csv"));
    }
}
