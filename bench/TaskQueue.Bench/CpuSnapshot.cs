namespace TaskQueue.Bench;

// CPU seconds used so far by each of the system's processes, by name. Our services and the
// broker count with their descendants (PostgreSQL's backends, the broker's helpers); Aspire's
// own processes count alone, as DCP is every service's parent. Aspire's share is reported too:
// the dashboard receiving every service's telemetry runs on the same cores.
public sealed class CpuSnapshot
{
    private readonly IReadOnlyList<(string Name, double Seconds)> _seconds;

    private CpuSnapshot(IReadOnlyList<(string Name, double Seconds)> seconds) => _seconds = seconds;

    public static CpuSnapshot Take(IReadOnlyList<(string Name, int Pid)> processes) => new(processes
        .Where(process => process.Name != "epmd")
        .GroupBy(process => process.Name, process => process.Pid)
        .Select(group => (group.Key, group.Sum(pid => group.Key.StartsWith("aspire", StringComparison.Ordinal) ? ProcessCpu.Seconds(pid) : ProcessCpu.SecondsOfTree(pid))))
        .ToList());

    public IReadOnlyList<(string Name, double Milliseconds)> PerTaskSince(CpuSnapshot earlier, int tasks) =>
        SecondsSince(earlier).Select(used => (used.Name, used.Seconds * 1000 / tasks)).ToList();

    // Cores each process kept busy over a window: 1.0 is one core all the time.
    public Dictionary<string, double> CoresSince(CpuSnapshot earlier, TimeSpan elapsed) =>
        SecondsSince(earlier).ToDictionary(used => used.Name, used => used.Seconds / elapsed.TotalSeconds);

    private IEnumerable<(string Name, double Seconds)> SecondsSince(CpuSnapshot earlier) => _seconds
        .Select(now => (now.Name, now.Seconds - earlier._seconds.FirstOrDefault(before => before.Name == now.Name).Seconds));
}
