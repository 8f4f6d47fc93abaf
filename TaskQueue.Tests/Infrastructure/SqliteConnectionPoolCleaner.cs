using Microsoft.Data.Sqlite;

namespace TaskQueue.Tests.Infrastructure;

internal static class SqliteConnectionPoolCleaner
{
    // Pooled connections keep the database file open; release them before deleting it.
    public static void ClearAll() => SqliteConnection.ClearAllPools();
}
