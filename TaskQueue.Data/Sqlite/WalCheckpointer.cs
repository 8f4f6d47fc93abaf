using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskQueue.Data.Sqlite;

// Copies the write-ahead log back into the database file in the background. SQLite does this
// by default inside whichever commit crosses 1,000 WAL pages, so that commit, and every writer
// queued behind it, waits for the copy and its fsync (bench/: the slowest inserts). Here a
// separate connection checkpoints on a timer, PASSIVE: it never blocks readers or writers and
// copies what no reader still needs; every connection opens with wal_autocheckpoint=0
// (SqlitePragmas). Both the web app and the sink run one; SQLite lets one checkpoint run at
// a time and the other returns at once.
public sealed partial class WalCheckpointer(string databasePath, ILogger<WalCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var connection = new SqliteConnection($"Data Source={databasePath}");
                await connection.OpenAsync(stoppingToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCheckpointFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the database's write-ahead log failed; trying again shortly")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
