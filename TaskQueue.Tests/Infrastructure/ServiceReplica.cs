namespace TaskQueue.Tests.Infrastructure;

// One running copy of a service that an AppHost we started runs, found among that AppHost's
// processes by PID (never by name), with the address it listens on itself: behind DCP's proxy
// every replica has a port of its own, given to it in ASPNETCORE_URLS.
public sealed record ServiceReplica(int Pid, Uri OwnAddress)
{
    public static IReadOnlyList<ServiceReplica> Of(int appHostPid, string project) =>
        OsProcesses.AppHostTree(appHostPid)
            .Where(pid => OsProcesses.CommandLine(pid).Split(' ')[0].EndsWith($"/{project}", StringComparison.Ordinal))
            .Select(pid => new ServiceReplica(pid, new Uri(Environment(pid)["ASPNETCORE_URLS"].Split(';')[0])))
            .OrderBy(replica => replica.Pid)
            .ToList();

    public void Kill() => UnixSignals.Send(Pid, UnixSignals.SigKill);

    private static Dictionary<string, string> Environment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.Last()[1]);
}
