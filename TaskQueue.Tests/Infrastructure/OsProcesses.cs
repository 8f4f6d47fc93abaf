namespace TaskQueue.Tests.Infrastructure;

// What /proc says about processes, by PID only (tests never look processes up by name).
public static class OsProcesses
{
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            // The state field follows the parenthesised command name; Z is a zombie (dead, unreaped).
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    // From /proc/PID/status's SigIgn mask (bit n-1 is signal n). A process started in the
    // background by a non-interactive shell (`./scripts/test.sh &` in a script) inherits SIGINT
    // ignored, and so does everything it starts.
    public static bool IgnoresSignal(int pid, int signal)
    {
        var mask = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("SigIgn:", StringComparison.Ordinal));
        return (Convert.ToUInt64(mask["SigIgn:".Length..].Trim(), 16) & (1UL << (signal - 1))) != 0;
    }

    // Every live process whose parent chain leads to this PID.
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    var text = File.ReadAllText(Path.Combine(directory, "stat"));
                    var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1]);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
                {
                }
            }
        }

        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(pair => pair.Value == parent).Select(pair => pair.Key))
            {
                result.Add(child);
                frontier.Enqueue(child);
            }
        }

        return result;
    }

    public static async Task<bool> WaitUntilDeadAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    // Everything an Aspire AppHost started: its own descendants, and DCP, which detaches from
    // it (its parent becomes init) but names the AppHost's PID in `--monitor PID`, with DCP's
    // descendants (the services, the broker, the dashboard).
    public static IReadOnlyList<int> AppHostTree(int appHost)
    {
        var monitor = $"--monitor {appHost} ";
        var dcp = Directory.EnumerateDirectories("/proc")
            .Select(directory => int.TryParse(Path.GetFileName(directory), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && (CommandLine(pid) + " ").Contains(monitor, StringComparison.Ordinal))
            .ToList();
        return Descendants(appHost).Concat(dcp).Concat(dcp.SelectMany(Descendants)).Distinct().ToList();
    }
}
