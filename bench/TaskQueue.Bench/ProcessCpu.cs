namespace TaskQueue.Bench;

// CPU time (user + system) a process and its descendants have used, from /proc. Per task,
// it shows where the work goes, and unlike a rate it barely moves when other load shares
// the machine.
public static class ProcessCpu
{
    // USER_HZ: /proc reports times in clock ticks of 1/100 s on Linux.
    private const double TicksPerSecond = 100;

    public static double SecondsOfTree(int pid)
    {
        var children = ParentsByPid().ToLookup(entry => entry.Parent, entry => entry.Pid);
        var total = 0.0;
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var next))
        {
            total += Seconds(next);
            foreach (var child in children[next])
            {
                pending.Push(child);
            }
        }

        return total;
    }

    private static IEnumerable<(int Pid, int Parent)> ParentsByPid()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } fields)
            {
                yield return (pid, int.Parse(fields[1]));
            }
        }
    }

    public static double Seconds(int pid) =>
        Stat(pid) is { } fields ? (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond : 0;

    // The fields after the command name, which may itself contain spaces and parentheses:
    // [0] state, [1] ppid, … [11] utime, [12] stime.
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
