namespace TaskQueue.AppHost.Extensions;

// What makes private nodes one cluster: the same Erlang cookie (the nodes' shared secret,
// in each node's $HOME/.erlang.cookie, owner-only as Erlang requires) and the list of node
// names each one looks for when it first boots (classic config peer discovery), so a new
// node joins the ones already running instead of starting a cluster of its own.
public sealed record RabbitMQClusterConfig(IReadOnlyList<string> NodeNames, string Cookie)
{
    public string ConfigLines() =>
        "cluster_formation.peer_discovery_backend = classic_config\n" +
        string.Concat(NodeNames.Select((node, index) => $"cluster_formation.classic_config.nodes.{index + 1} = {node}\n")) +
        // No random wait before joining: the AppHost starts the first node alone, the others after it.
        "cluster_formation.randomized_startup_delay_range.min = 0\n" +
        "cluster_formation.randomized_startup_delay_range.max = 1\n" +
        // A node that lost its peers stops serving rather than diverging (the safe choice for 3+ nodes).
        "cluster_partition_handling = pause_minority";

    public void WriteCookie(string home)
    {
        var path = Path.Combine(home, ".erlang.cookie");
        if (File.Exists(path) && File.ReadAllText(path) == Cookie)
        {
            return;
        }

        OwnerOnlyFile.Write(path, Cookie);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
        }
    }
}
