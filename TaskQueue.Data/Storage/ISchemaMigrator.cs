namespace TaskQueue.Data.Storage;

// Brings the database's schema up to date (the migration service runs it once per start) and
// says, for the log, where and how many migrations it applied.
public interface ISchemaMigrator
{
    Task<string> MigrateAsync(TasksDbContext db, CancellationToken cancellationToken);
}
