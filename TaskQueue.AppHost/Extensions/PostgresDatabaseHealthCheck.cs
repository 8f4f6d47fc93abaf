using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace TaskQueue.AppHost.Extensions;

// Healthy once an authenticated connection to the node's database succeeds. The database is
// created here the first time (through the `postgres` maintenance database), so the migration
// service, which waits for this, always finds it. An open port alone is not enough: the node
// listens before it accepts connections ("the database system is starting up").
internal sealed class PostgresDatabaseHealthCheck(LocalPostgresResource node) : IHealthCheck
{
    private bool _created;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await node.ConnectionStringExpression.GetValueAsync(cancellationToken)
                ?? throw new InvalidOperationException($"{node.Name} has no connection string yet.");
            var database = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 2 };
            if (!_created)
            {
                await PatientHealthCheck.RetryAsync(() => EnsureDatabaseAsync(database, cancellationToken), cancellationToken);
                _created = true;
            }

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Npgsql's messages name the host and port, never the password.
            return HealthCheckResult.Unhealthy($"{node.Name} does not accept a connection to {node.DatabaseName} yet: {exception.Message}");
        }
    }

    private static async Task<bool> EnsureDatabaseAsync(NpgsqlConnectionStringBuilder database, CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database.Database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // An identifier cannot be a parameter; the name is ours (LocalPostgresResource), quoted.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return true;
    }
}
