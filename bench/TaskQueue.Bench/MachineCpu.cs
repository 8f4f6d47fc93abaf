using System.Diagnostics;

namespace TaskQueue.Bench;

// How busy all cores were over a window (from /proc/stat's aggregate line), and how much of
// that was the bench itself (its load generator, tap and probes share the cores). At a given
// utilisation every hop waits for a core in proportion, which is what the latency probe's
// stages show at half load against light load.
public readonly record struct MachineCpu(long BusyTicks, long TotalTicks, TimeSpan BenchCpu)
{
    public static MachineCpu Take()
    {
        // cpu user nice system idle iowait irq softirq steal …; idle and iowait are not busy.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        return new MachineCpu(fields.Sum() - idle, fields.Sum(), Process.GetCurrentProcess().TotalProcessorTime);
    }

    // Share of all cores busy since earlier, and the bench's own share of all cores.
    public (double Busy, double Bench) Since(MachineCpu earlier, TimeSpan elapsed)
    {
        var total = TotalTicks - earlier.TotalTicks;
        var bench = (BenchCpu - earlier.BenchCpu).TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount);
        return total <= 0 ? (double.NaN, double.NaN) : ((BusyTicks - earlier.BusyTicks) / (double)total, bench);
    }
}
