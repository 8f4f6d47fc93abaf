using Microsoft.EntityFrameworkCore;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.Sqlite;

internal sealed class SqliteSchemaMigrator : ISchemaMigrator
{
    public async Task<string> MigrateAsync(TasksDbContext db, CancellationToken cancellationToken)
    {
        var path = SqliteTasksDatabase.DatabasePath(db.Database.GetConnectionString()!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        // WAL is a property of the file: set once here, every later connection uses it.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        return $"Database {path} is up to date ({pending} migrations applied)";
    }
}
