using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using RabbitMQ.Client;

namespace TaskQueue.AppHost.Hosting;

// A private node of Debian's rabbitmq-server: its own node name, loopback ports, data under
// the given directory and a generated user (never guest). Queued messages survive a restart
// because the node name, and so its database directory, follows from the data directory.
// The tests and the benchmark start their broker through this class too.
public sealed class RabbitMqNode : IAsyncDisposable
{
    public const string InstallHint =
        "rabbitmq-server is not installed (or not on PATH). Install it with: sudo apt-get install -y rabbitmq-server   (or run ./scripts/setup.sh)";

    private readonly ManagedProcess _process;
    private readonly string _dataDir;
    private readonly Action<string> _output;

    private RabbitMqNode(
        ManagedProcess process, string dataDir, string nodeName, int amqpPort, int managementPort, RabbitMqCredentials credentials,
        IReadOnlyDictionary<string, string> environment, Action<string> output)
    {
        Environment = environment;
        _process = process;
        _output = output;
        _dataDir = dataDir;
        NodeName = nodeName;
        AmqpPort = amqpPort;
        ManagementPort = managementPort;
        Credentials = credentials;
    }

    public string NodeName { get; }
    public int AmqpPort { get; }
    public int ManagementPort { get; }
    public RabbitMqCredentials Credentials { get; }
    public int Pid => _process.Pid;
    public IReadOnlyDictionary<string, string> Environment { get; }
    public Task<int> Exited => _process.Exited;

    public string ConnectionString => ConnectionStringFor("/");

    public string ConnectionStringFor(string virtualHost) =>
        $"amqp://{Credentials.User}:{Credentials.Password}@127.0.0.1:{AmqpPort}/{Uri.EscapeDataString(virtualHost)}";

    public Uri ManagementUri => new($"http://127.0.0.1:{ManagementPort}/");

    // Debian installs a wrapper in /usr/sbin that switches to the rabbitmq user; the script
    // beside the Erlang code runs the node as the caller, which a private node needs.
    public static string? FindServerScript(string? pathVariable)
    {
        foreach (var directory in (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "rabbitmq-server");
            if (File.Exists(candidate))
            {
                const string debianScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
                return File.Exists(debianScript) ? debianScript : candidate;
            }
        }

        return null;
    }

    // Ports default to free ones; a restart passes the previous ones so that clients holding
    // the old connection string reconnect to the same address.
    public static async Task<RabbitMqNode> StartAsync(
        string dataDir, Action<string> output, CancellationToken cancellationToken, int? amqpPort = null, int? managementPort = null,
        Action<RabbitMqNode>? launched = null)
    {
        var serverScript = FindServerScript(System.Environment.GetEnvironmentVariable("PATH"))
            ?? throw new RabbitMqNotInstalledException(InstallHint);

        Directory.CreateDirectory(Path.Combine(dataDir, "home"));
        Directory.CreateDirectory(Path.Combine(dataDir, "log"));
        var credentials = RabbitMqCredentials.LoadOrCreate(Path.Combine(dataDir, "credentials.json"));
        var nodeName = $"taskqueue-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..10].ToLowerInvariant()}@localhost";
        var amqp = amqpPort ?? FreePort.Next();
        var management = managementPort ?? FreePort.Next();

        // consumer_timeout: a delivery unacked for 2 h (beyond the longest task timeout, 1 h)
        // means a hung consumer; the broker closes its channel and redelivers the task.
        RabbitMqCredentials.WriteOwnerOnly(Path.Combine(dataDir, "rabbitmq.conf"), $"""
            listeners.tcp.1 = 127.0.0.1:{amqp}
            default_user = {credentials.User}
            default_pass = {credentials.Password}
            default_permissions.configure = .*
            default_permissions.read = .*
            default_permissions.write = .*
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {management}
            consumer_timeout = 7200000
            log.console = false
            log.file.level = warning
            """);
        File.WriteAllText(Path.Combine(dataDir, "enabled_plugins"), "[rabbitmq_management].\n");
        File.WriteAllText(Path.Combine(dataDir, "rabbitmq-env.conf"), "");

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(dataDir, "home"),
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dataDir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dataDir, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(dataDir, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(dataDir, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(dataDir, "rabbitmq-env.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dataDir, "enabled_plugins"),
            ["RABBITMQ_DIST_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            // Erlang schedulers spin for a while before sleeping, which on a small machine
            // shared with the services takes CPU they need (RabbitMQ's own advice for shared
            // hosts). bench/, one run each: 3,532 tasks/s and accept→Running p99 60 ms at
            // half load, against 2,943–3,363 tasks/s and p99 85–185 ms spinning.
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "+sbwt none +sbwtdcpu none +sbwtdio none",
            // Makes the script exec the Erlang VM instead of staying as a signal-forwarding
            // parent, so the PID we hold is the node itself and SIGTERM stops it gracefully.
            ["RUNNING_UNDER_SYSTEMD"] = "true",
        };

        var recentOutput = new RecentLines(40);
        var process = ManagedProcess.Start(serverScript, [], dataDir, environment, line =>
        {
            recentOutput.Add(line);
            output(line);
        });
        var node = new RabbitMqNode(process, dataDir, nodeName, amqp, management, credentials, environment, output);
        launched?.Invoke(node);

        try
        {
            await node.WaitUntilAcceptingAsync(TimeSpan.FromSeconds(90), cancellationToken);
            return node;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await node.DisposeAsync();
            throw new InvalidOperationException(
                $"RabbitMQ node {nodeName} did not start: {exception.Message}{System.Environment.NewLine}{recentOutput}", exception);
        }
    }

    // Ready means an authenticated AMQP connection succeeds, not merely an open port.
    private async Task WaitUntilAcceptingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), ClientProvidedName = "taskqueue-apphost-probe" };
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the node exited with code {await _process.Exited}");
            }

            try
            {
                await using var connection = await factory.CreateConnectionAsync(cancellationToken);
                return;
            }
            catch (Exception) when (DateTimeOffset.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    // For tests: an isolated virtual host per test on the shared node.
    public async Task<string> CreateVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = ManagementUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Credentials.User}:{Credentials.Password}")));
        var escaped = Uri.EscapeDataString(name);
        (await http.PutAsync($"api/vhosts/{escaped}", null, cancellationToken)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/permissions/{escaped}/{Uri.EscapeDataString(Credentials.User)}",
            new { configure = ".*", write = ".*", read = ".*" }, cancellationToken)).EnsureSuccessStatusCode();
        return ConnectionStringFor(name);
    }

    public Task StopAsync(TimeSpan gracePeriod) => _process.StopAsync(gracePeriod);

    // Stops the node (gracefully, or with kill -9 when `crash` is set) and starts it again on
    // the same data and ports: queued messages come back, clients reconnect.
    public async Task<RabbitMqNode> RestartAsync(bool crash, CancellationToken cancellationToken)
    {
        if (crash)
        {
            Kill();
            await _process.Exited.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        else
        {
            await StopAsync(TimeSpan.FromSeconds(10));
        }

        return await StartAsync(_dataDir, _output, cancellationToken, AmqpPort, ManagementPort);
    }

    // Simulates a crash: the node gets no chance to clean up.
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(10));

    public override string ToString() => $"{NodeName} (pid {Pid}, amqp 127.0.0.1:{AmqpPort}, data {_dataDir})";
}

public sealed class RabbitMqNotInstalledException(string message) : Exception(message);
