using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TaskQueue.Data;
using TaskQueue.Data.Sqlite;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// Commits no longer copy the write-ahead log into the database file themselves (so no writer
// waits behind that copy); the background checkpointer does it instead.
public sealed class WalCheckpointerTests : IDisposable
{
    private readonly TestDirectory _directory = new("checkpoint");

    [Fact]
    public async Task Commits_leave_the_log_alone_and_the_checkpointer_copies_it_into_the_database()
    {
        var path = _directory.File("tasks.db");
        var options = new DbContextOptionsBuilder<TasksDbContext>()
            .UseTasksSqlite($"Data Source={path}").Options;
        await using (var db = new TasksDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE Filler (Data BLOB);";
            await pragmas.ExecuteNonQueryAsync();
        }

        var databaseBefore = new FileInfo(path).Length;
        // About 8 MB in 40 commits: twice what SQLite would let a commit leave unchecked.
        for (var commit = 0; commit < 40; commit++)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO Filler VALUES (randomblob(200000));";
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(databaseBefore, new FileInfo(path).Length);
        Assert.True(new FileInfo(path + "-wal").Length > 8_000_000, "the rows should be in the write-ahead log");

        using var checkpointer = new WalCheckpointer(path, NullLogger<WalCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(new FileInfo(path).Length > databaseBefore + 8_000_000),
                TimeSpan.FromSeconds(10), "the checkpointer to copy the log into the database file");
        }
        finally
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Every_connection_opened_through_the_context_has_automatic_checkpoints_off()
    {
        var options = new DbContextOptionsBuilder<TasksDbContext>()
            .UseTasksSqlite($"Data Source={_directory.File("tasks.db")}").Options;
        await using var db = new TasksDbContext(options);
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint;";
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
