using Microsoft.Data.Sqlite;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Reliability;

[Collection(SystemCollection.Name)]
public sealed class DatabaseLockTests(SystemFixture system)
{
    [Fact]
    public async Task A_locked_database_makes_the_sink_wait_not_drop()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 1);
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 200).Select(i => new { type = "echo", input = new { value = i } }));

        // Another process-level writer holds the write lock for 4 s while events pile up.
        await using (var blocker = new SqliteConnection($"Data Source={pipeline.DatabasePath}"))
        {
            await blocker.OpenAsync();
            await using var transaction = blocker.BeginTransaction(System.Data.IsolationLevel.Serializable);
            await using (var touch = blocker.CreateCommand())
            {
                touch.Transaction = transaction;
                touch.CommandText = "UPDATE Tasks SET UpdatedAt = UpdatedAt WHERE 0";
                await touch.ExecuteNonQueryAsync();
            }

            var more = await Task.Run(() => pipeline.SubmitAsync([new { type = "echo", input = new { value = "during" } }]).WaitAsync(TimeSpan.FromSeconds(1)))
                .ContinueWith(task => task.IsCompletedSuccessfully);
            await Task.Delay(4000);
            await transaction.CommitAsync();
            Assert.False(more, "the web app should not be able to insert while the lock is held");
        }

        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(90));
        Assert.Equal(200, counts.GetValueOrDefault(TaskItemStatus.Finished));
        Assert.True(await pipeline.Sink.IsHealthyAsync());
    }
}
