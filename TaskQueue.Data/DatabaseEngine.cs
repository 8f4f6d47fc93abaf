using Microsoft.Extensions.Configuration;

namespace TaskQueue.Data;

// The engine behind ConnectionStrings:tasksdb. The AppHost says which (TaskQueue:Database);
// without it the connection string's shape tells: "Data Source=…" is a SQLite file,
// "Host=…" a PostgreSQL server.
public enum DatabaseEngine
{
    Sqlite,
    PostgreSql,
}

public static class DatabaseEngines
{
    public const string ConfigurationKey = "TaskQueue:Database";

    public static DatabaseEngine Read(IConfiguration configuration, string connectionString) =>
        configuration[ConfigurationKey]?.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseEngine.Sqlite,
            "postgres" or "postgresql" => DatabaseEngine.PostgreSql,
            null or "" => FromConnectionString(connectionString),
            var other => throw new InvalidOperationException($"{ConfigurationKey} must be sqlite or postgres (got '{other}')."),
        };

    private static DatabaseEngine FromConnectionString(string connectionString) =>
        connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains("Server=", StringComparison.OrdinalIgnoreCase)
            ? DatabaseEngine.PostgreSql
            : DatabaseEngine.Sqlite;
}
