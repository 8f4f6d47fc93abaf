using System.Security.Cryptography;
using System.Text;

namespace TaskQueue.AppHost.Extensions;

// How a private node of Debian's rabbitmq-server is laid out: its own node name, data, logs,
// config and plugins under one directory, a user of ours (never guest), loopback only. The
// AppHost's local broker resource and the tests' shared broker are both set up from this.
// Ports come as environment variables (RABBITMQ_NODE_PORT, RABBITMQ_DIST_PORT,
// ERL_EPMD_PORT) and the management port as an Erlang argument, so the files never change
// when the ports do.
public sealed record RabbitMQNodeConfig(string DataDir, string UserName, string Password, RabbitMQClusterConfig? Cluster = null)
{
    // Debian's /usr/sbin wrapper switches to the rabbitmq user and its home; the script
    // beside the Erlang code runs the node as the caller, which a private node needs.
    private const string DebianServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public const string InstallHint =
        "rabbitmq-server is not installed. Install it with: sudo apt-get install -y rabbitmq-server   (or run ./scripts/setup.sh), " +
        "or use a broker of your own with ConnectionStrings__messaging=amqp://user:password@host:port";

    public static string? FindServerScript() =>
        FindOnPath("rabbitmq-server") is { } onPath ? (File.Exists(DebianServerScript) ? DebianServerScript : onPath) : null;

    public static string? FindEpmd() => FindOnPath("epmd");

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    // Follows from the data directory, so a restarted node finds its own database (and the
    // messages queued in it) again.
    public string NodeName => NodeNameFor(DataDir);

    public static string NodeNameFor(string dataDir) =>
        $"taskqueue-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..10].ToLowerInvariant()}@localhost";

    // Writes the node's files and returns the environment it runs with, less the ports.
    public IReadOnlyDictionary<string, string> WriteFiles()
    {
        Directory.CreateDirectory(Path.Combine(DataDir, "home"));
        Directory.CreateDirectory(Path.Combine(DataDir, "log"));

        // consumer_timeout: a delivery unacked for 2 h (beyond the longest task timeout, 1 h)
        // means a hung consumer; the broker closes its channel and redelivers the task.
        OwnerOnlyFile.Write(Path.Combine(DataDir, "rabbitmq.conf"), $"""
            default_user = {UserName}
            default_pass = {Password}
            default_permissions.configure = .*
            default_permissions.read = .*
            default_permissions.write = .*
            consumer_timeout = 7200000
            log.console = true
            log.console.level = info
            log.file = false
            {Cluster?.ConfigLines()}
            """);
        if (Cluster is { } cluster)
        {
            cluster.WriteCookie(Path.Combine(DataDir, "home"));
        }

        File.WriteAllText(Path.Combine(DataDir, "enabled_plugins"), "[rabbitmq_management].\n");
        File.WriteAllText(Path.Combine(DataDir, "rabbitmq-env.conf"), "");

        return new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(DataDir, "home"),
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(DataDir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(DataDir, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(DataDir, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(DataDir, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(DataDir, "rabbitmq-env.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(DataDir, "enabled_plugins"),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            // No Erlang VM started with this environment starts an epmd of its own (`epmd -daemon`
            // outlives everything, on the port of ours): the node uses the one started beside it,
            // and should that be gone, fails and is restarted. Set here rather than in the node's
            // arguments because RabbitMQ's epmd monitor, finding that epmd gone (stopping, all
            // resources stop at once), "ensures" one through a helper VM of its own.
            ["ERL_AFLAGS"] = "-start_epmd false",
            // Makes the script exec the Erlang VM instead of staying as a signal-forwarding
            // parent, so the process the orchestrator holds is the node and SIGTERM stops it.
            ["RUNNING_UNDER_SYSTEMD"] = "true",
        };
    }

    // Erlang schedulers spin for a while before sleeping, which on a small machine shared with
    // the services takes CPU they need (RabbitMQ's own advice for shared hosts); bench/, one run
    // each: 3,532 tasks/s and accept→Running p99 60 ms at half load, against 2,943–3,363 tasks/s
    // and p99 85–185 ms spinning. Sleeping schedulers are woken only when work has queued up
    // (`+swt very_high`), not for every message: at moderate load waking threads is much of what
    // a message costs the broker (README #16; 7 alternated pairs at 100 requests/s of 50 tasks:
    // the broker 29–32 % → 23–28 % of a core, its median 30.4 → 26.6 %). Distribution listens on
    // loopback only; epmd: see ERL_AFLAGS.
    public static string ErlangArguments(string managementPort) =>
        "+sbwt none +sbwtdcpu none +sbwtdio none +swt very_high +swtdcpu very_high +swtdio very_high " +
        "-kernel inet_dist_use_interface {127,0,0,1} " +
        $"-rabbitmq_management tcp_config [{{ip,\"127.0.0.1\"}},{{port,{managementPort}}}]";

    public static string ConnectionString(string userName, string password, int port, string virtualHost = "/") =>
        $"amqp://{Uri.EscapeDataString(userName)}:{Uri.EscapeDataString(password)}@127.0.0.1:{port}/{Uri.EscapeDataString(virtualHost)}";
}
