using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.PostgreSql;

// The database itself exists already: the AppHost's local node creates it, Aspire's container
// resource creates it, and an existing server's administrator has.
internal sealed class PostgreSqlSchemaMigrator : ISchemaMigrator
{
    public async Task<string> MigrateAsync(TasksDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        var server = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        return $"PostgreSQL database {server.Database} on {server.Host}:{server.Port} is up to date ({pending} migrations applied)";
    }
}
