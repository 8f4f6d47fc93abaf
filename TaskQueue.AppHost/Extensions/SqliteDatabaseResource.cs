namespace TaskQueue.AppHost.Extensions;

// A SQLite database file shared by the services that reference it (no CommunityToolkit
// package is served here). There is no server to run: the resource only hands out
// ConnectionStrings__NAME; the migration service creates the schema.
public sealed class SqliteDatabaseResource(string name, string databasePath) : Resource(name), IResourceWithConnectionString
{
    public string DatabasePath { get; } = databasePath;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"Data Source={DatabasePath}");
}

public static class SqliteDatabaseBuilderExtensions
{
    public static IResourceBuilder<SqliteDatabaseResource> AddSqliteDatabase(
        this IDistributedApplicationBuilder builder, string name, string dataDir, string fileName)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, fileName);
        return builder.AddResource(new SqliteDatabaseResource(name, path))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "SQLite",
                State = KnownResourceStates.Running,
                Properties = [new("sqlite.path", path)],
            });
    }
}
