using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TaskQueue.Data.Sqlite;

// Applied to every connection as it opens. WAL (set once, persistent in the file) lets the
// web app read while the sink writes; synchronous=NORMAL is durable across process crashes
// in WAL mode and saves an fsync per commit; busy_timeout makes a writer wait for the lock
// instead of failing at once when another process holds it; wal_autocheckpoint=0 leaves
// checkpoints to WalCheckpointer, off every writer's path.
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=0;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
