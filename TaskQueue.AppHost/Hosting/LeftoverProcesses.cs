using System.Text;
using System.Text.Json;

namespace TaskQueue.AppHost.Hosting;

// An AppHost killed outright (kill -9, an IDE's stop button, a closed terminal) cannot stop
// its children: the broker and the services keep running, and the broker keeps the node name
// and data the next run needs. The next AppHost on the same data dir (it holds the data dir's
// lock, so the old one is gone) reads the PIDs the old one recorded and stops those that are
// still its leftovers: a broker whose environment names this data dir, or a TaskQueue service
// whose parent is no longer a TaskQueue AppHost.
internal static class LeftoverProcesses
{
    private static readonly TimeSpan s_gracePeriod = TimeSpan.FromSeconds(10);

    public static async Task StopAsync(string stateFile, string dataDir, ConsoleReporter console)
    {
        var leftovers = ReadRecorded(stateFile).Where(row => IsLeftover(row.Pid, row.Type, dataDir)).ToList();
        foreach (var (name, _, pid) in leftovers)
        {
            console.Info($"stopping {name} (pid {pid}), left running by an AppHost that did not shut down");
            UnixSignals.SendToGroup(pid, UnixSignals.SigTerm);
        }

        var deadline = DateTimeOffset.UtcNow + s_gracePeriod;
        while (leftovers.Any(row => IsRunning(row.Pid)) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        foreach (var (_, _, pid) in leftovers.Where(row => IsRunning(row.Pid)))
        {
            UnixSignals.SendToGroup(pid, UnixSignals.SigKill);
        }
    }

    private static IEnumerable<(string Name, string Type, int Pid)> ReadRecorded(string stateFile)
    {
        try
        {
            using var state = JsonDocument.Parse(File.ReadAllText(stateFile));
            return state.RootElement.GetProperty("resources").EnumerateArray()
                .Where(row => row.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number)
                .Select(row => (row.GetProperty("name").GetString() ?? "?", row.GetProperty("type").GetString() ?? "", row.GetProperty("pid").GetInt32()))
                .ToList();
        }
        catch (Exception exception) when (exception is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // No state file (a first run) or an unreadable one: nothing is known to be left over.
            return [];
        }
    }

    private static bool IsLeftover(int pid, string type, string dataDir) => type switch
    {
        "RabbitMQ" => ReadProc(pid, "environ").Contains($"RABBITMQ_MNESIA_BASE={Path.Combine(dataDir, "rabbitmq", "mnesia")} ", StringComparison.Ordinal),
        "Project" => ReadProc(pid, "cmdline").Contains("TaskQueue.", StringComparison.Ordinal)
            && !ReadProc(ParentOf(pid), "cmdline").Contains("TaskQueue.AppHost", StringComparison.Ordinal),
        _ => false,
    };

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}") && !ReadProc(pid, "stat").Contains(") Z ", StringComparison.Ordinal);

    // Field 4 of /proc/PID/stat, after the command name in parentheses.
    private static int ParentOf(int pid)
    {
        var stat = ReadProc(pid, "stat");
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : 0;
    }

    private static string ReadProc(int pid, string file)
    {
        try
        {
            return pid > 0 ? Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/{file}")).Replace('\0', ' ') : "";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
