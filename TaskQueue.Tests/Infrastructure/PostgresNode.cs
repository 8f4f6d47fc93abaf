using Npgsql;
using TaskQueue.AppHost.Extensions;

namespace TaskQueue.Tests.Infrastructure;

// A private node of Debian's PostgreSQL 15 laid out exactly as the AppHost's local database
// (PostgresNodeConfig: password authentication, loopback, its socket in its own directory),
// started by the tests directly on a free port and stopped by PID.
public sealed class PostgresNode : IAsyncDisposable
{
    private readonly ManagedProcess _server;

    private PostgresNode(ManagedProcess server, int port, string password)
    {
        _server = server;
        Port = port;
        Password = password;
    }

    public int Port { get; }
    public string Password { get; }
    public int Pid => _server.Pid;

    public static async Task<PostgresNode> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var config = new PostgresNodeConfig(Path.Combine(directory, "postgres"));
        var password = Guid.NewGuid().ToString("N");
        await config.InitialiseAsync(password, cancellationToken);

        var port = FreePort.Next();
        var (command, arguments) = config.ServerCommand();
        var output = new RecentLines(40);
        var server = ManagedProcess.Start(command, arguments, directory, new Dictionary<string, string> { ["PGPORT"] = $"{port}" }, output.Add);
        var node = new PostgresNode(server, port, password);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"The PostgreSQL node exited with code {await server.Exited}:\n{output}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(node.ConnectionString("postgres"));
                await connection.OpenAsync(cancellationToken);
                return node;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public string ConnectionString(string database) =>
        $"{PostgresNodeConfig.ConnectionString(Port, Password, database)};Pooling=true;Timeout=10";

    // A new database (a copy of `template` when given), for one test.
    public async Task<string> CreateDatabaseAsync(string name, string? template = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _server.StopAsync(TimeSpan.FromSeconds(15));
    }

    public override string ToString() => $"PostgreSQL node (pid {Pid}, 127.0.0.1:{Port})";
}
