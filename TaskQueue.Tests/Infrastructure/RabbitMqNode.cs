using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using RabbitMQ.Client;
using TaskQueue.AppHost.Extensions;

namespace TaskQueue.Tests.Infrastructure;

// A private node of Debian's rabbitmq-server laid out exactly as the AppHost's local broker
// (RabbitMQNodeConfig), with its own epmd, started by the tests directly: one node serves a
// whole test run, each test on its own virtual host. Queued messages survive a restart.
public sealed class RabbitMqNode : IAsyncDisposable
{
    public const string UserName = "taskqueue";

    private readonly string _dataDir;
    private readonly ManagedProcess _epmd;
    private readonly int _epmdPort;
    private ManagedProcess _server;

    private RabbitMqNode(string dataDir, string password, ManagedProcess epmd, int epmdPort, ManagedProcess server, int amqpPort, int managementPort)
    {
        _dataDir = dataDir;
        Password = password;
        _epmd = epmd;
        _epmdPort = epmdPort;
        _server = server;
        AmqpPort = amqpPort;
        ManagementPort = managementPort;
    }

    public string Password { get; }
    public int AmqpPort { get; }
    public int ManagementPort { get; }
    public int Pid => _server.Pid;
    public string ConnectionString => ConnectionStringFor("/");
    public Uri ManagementUri => new($"http://127.0.0.1:{ManagementPort}/");

    public string ConnectionStringFor(string virtualHost) => RabbitMQNodeConfig.ConnectionString(UserName, Password, AmqpPort, virtualHost);

    public static async Task<RabbitMqNode> StartAsync(string dataDir, CancellationToken cancellationToken)
    {
        var epmdPort = FreePort.Next();
        var epmd = ManagedProcess.Start(RabbitMQNodeConfig.FindEpmd()!, ["-address", "127.0.0.1", "-port", $"{epmdPort}"], dataDir,
            new Dictionary<string, string>(), _ => { });
        var password = Guid.NewGuid().ToString("N");
        var server = await StartServerAsync(dataDir, password, epmdPort, FreePort.Next(), FreePort.Next(), cancellationToken);
        return new RabbitMqNode(dataDir, password, epmd, epmdPort, server.Process, server.AmqpPort, server.ManagementPort);
    }

    private static async Task<(ManagedProcess Process, int AmqpPort, int ManagementPort)> StartServerAsync(
        string dataDir, string password, int epmdPort, int amqpPort, int managementPort, CancellationToken cancellationToken)
    {
        var config = new RabbitMQNodeConfig(dataDir, UserName, password);
        var environment = new Dictionary<string, string>(config.WriteFiles())
        {
            ["RABBITMQ_NODE_PORT"] = $"{amqpPort}",
            ["RABBITMQ_DIST_PORT"] = $"{FreePort.Next()}",
            ["ERL_EPMD_PORT"] = $"{epmdPort}",
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = RabbitMQNodeConfig.ErlangArguments($"{managementPort}"),
        };
        var output = new RecentLines(40);
        var process = ManagedProcess.Start(RabbitMQNodeConfig.FindServerScript()!, [], dataDir, environment, output.Add);
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMQNodeConfig.ConnectionString(UserName, password, amqpPort)) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The RabbitMQ node exited with code {await process.Exited}:\n{output}");
            }

            try
            {
                await using var connection = await factory.CreateConnectionAsync(cancellationToken);
                return (process, amqpPort, managementPort);
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    // For tests: an isolated virtual host on the shared node.
    public async Task<string> CreateVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        using var http = ManagementClient();
        var escaped = Uri.EscapeDataString(name);
        (await http.PutAsync($"api/vhosts/{escaped}", null, cancellationToken)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/permissions/{escaped}/{UserName}",
            new { configure = ".*", write = ".*", read = ".*" }, cancellationToken)).EnsureSuccessStatusCode();
        return ConnectionStringFor(name);
    }

    // Deletes a test's virtual host with its queues once the test is done with it. Left behind,
    // every test's quorum queues stay on the shared node: they cost it CPU while idle, and a
    // later test that restarts the node waits for all of them to recover. Best effort: a test
    // may have left the node stopped.
    public async Task DeleteVirtualHostAsync(string connectionString)
    {
        var name = Uri.UnescapeDataString(new Uri(connectionString).AbsolutePath.TrimStart('/'));
        try
        {
            using var http = ManagementClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(name)}", timeout.Token);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
        }
    }

    private HttpClient ManagementClient()
    {
        var http = new HttpClient { BaseAddress = ManagementUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}")));
        return http;
    }

    public Task StopAsync(TimeSpan gracePeriod) => _server.StopAsync(gracePeriod);

    // Stops the node (gracefully, or with kill -9 when `crash` is set) and starts it again on
    // the same data and ports: queued messages come back, clients reconnect.
    public async Task RestartAsync(bool crash, CancellationToken cancellationToken)
    {
        if (crash)
        {
            _server.Kill();
            await _server.Exited.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        else
        {
            await StopAsync(TimeSpan.FromSeconds(15));
        }

        _server = (await StartServerAsync(_dataDir, Password, _epmdPort, AmqpPort, ManagementPort, cancellationToken)).Process;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(TimeSpan.FromSeconds(15));
        await _epmd.StopAsync(TimeSpan.FromSeconds(5));
    }

    public override string ToString() => $"RabbitMQ node (pid {Pid}, amqp 127.0.0.1:{AmqpPort}, data {_dataDir})";
}
