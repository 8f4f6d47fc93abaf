using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Sqlite;
using TaskQueue.Messaging;
using TaskQueue.Tests.Infrastructure;
using TaskQueue.Web.Services;

namespace TaskQueue.Tests.Integration;

// The pipelined dispatcher against a real SQLite outbox and a publisher that confirms late,
// out of order, or not at all: every row reaches the broker at least once, and a row leaves
// the outbox only after its own confirm.
public sealed class OutboxDispatcherTests : IDisposable
{
    private readonly TestDirectory _directory = new("outbox");
    private readonly PooledDbContextFactory<TasksDbContext> _contexts;

    public OutboxDispatcherTests()
    {
        var options = new DbContextOptionsBuilder<TasksDbContext>()
            .UseTasksSqlite($"Data Source={_directory.File("tasks.db")}").Options;
        _contexts = new PooledDbContextFactory<TasksDbContext>(options);
        using var db = _contexts.CreateDbContext();
        db.Database.Migrate();
    }

    [Fact]
    public async Task Every_row_is_published_at_least_once_and_deleted_only_once_confirmed()
    {
        var publisher = new FlakyPublisher(failEvery: 23);
        var signal = new OutboxSignal();
        var dispatcher = new OutboxDispatcher(Store(), publisher, signal, new OutboxBundler(Options.Create(new OutboxOptions()), new WorkerRegistry(TimeProvider.System)), NullLogger<OutboxDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);

        var written = new List<string>();
        for (var batch = 0; batch < 20; batch++)
        {
            written.AddRange(await TestRows.AddOutboxRowsAsync(_contexts, 25));
            signal.Notify();
            await Task.Delay(5);
        }

        await Eventually.TrueAsync(async () => await TestRows.CountOutboxRowsAsync(_contexts) == 0, TimeSpan.FromSeconds(30), "an empty outbox");
        await dispatcher.StopAsync(CancellationToken.None);

        Assert.Empty(written.Except(publisher.Confirmed));
        Assert.True(publisher.Failures > 0, "the publisher should have failed some publishes");
    }

    // Rows the store committed itself are claimed from memory (RecentOutboxRows); rows written
    // another way, in between and at the same time, leave gaps that send claims to the database.
    [Fact]
    public async Task Rows_inserted_by_the_store_and_rows_written_another_way_meanwhile_are_all_published()
    {
        var store = Store();
        var publisher = new FlakyPublisher(failEvery: 0);
        var signal = new OutboxSignal();
        var dispatcher = new OutboxDispatcher(store, publisher, signal, new OutboxBundler(Options.Create(new OutboxOptions()), new WorkerRegistry(TimeProvider.System)), NullLogger<OutboxDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);

        var written = new ConcurrentBag<string>();
        async Task InsertThroughStoreAsync()
        {
            for (var batch = 0; batch < 15; batch++)
            {
                var rows = Enumerable.Range(0, 20).Select(_ => new OutboxMessage
                {
                    Exchange = "", RoutingKey = "tasks", Type = "test", Body = [1], MessageId = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow,
                }).ToList();
                await store.InsertTasksAsync([], rows, CancellationToken.None);
                rows.ForEach(row => written.Add(row.MessageId));
                signal.Notify();
                await Task.Delay(3);
            }
        }

        async Task WriteThroughEfAsync()
        {
            for (var batch = 0; batch < 15; batch++)
            {
                foreach (var id in await TestRows.AddOutboxRowsAsync(_contexts, 3))
                {
                    written.Add(id);
                }

                signal.Notify();
                await Task.Delay(4);
            }
        }

        await Task.WhenAll(Task.Run(InsertThroughStoreAsync), Task.Run(WriteThroughEfAsync));

        await Eventually.TrueAsync(async () => await TestRows.CountOutboxRowsAsync(_contexts) == 0, TimeSpan.FromSeconds(30), "an empty outbox");
        await dispatcher.StopAsync(CancellationToken.None);
        Assert.Equal(15 * 20 + 15 * 3, written.Count);
        Assert.Empty(written.Except(publisher.Confirmed));
    }

    // Confirms are awaited oldest first (as one broker channel returns them), so the rows behind
    // an unconfirmed one wait with it; stopping deletes those that were confirmed meanwhile.
    [Fact]
    public async Task A_row_whose_publish_never_confirms_stays_in_the_outbox()
    {
        var publisher = new FlakyPublisher(failEvery: 0) { Withheld = "withheld" };
        var dispatcher = new OutboxDispatcher(Store(), publisher, new OutboxSignal(), new OutboxBundler(Options.Create(new OutboxOptions()), new WorkerRegistry(TimeProvider.System)), NullLogger<OutboxDispatcher>.Instance);
        await TestRows.AddOutboxRowsAsync(_contexts, 10);
        await TestRows.AddOutboxRowsAsync(_contexts, 1, "withheld");
        await TestRows.AddOutboxRowsAsync(_contexts, 10);

        await dispatcher.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => await TestRows.CountOutboxRowsAsync(_contexts) == 11, TimeSpan.FromSeconds(30), "the rows before the withheld one deleted");
        await dispatcher.StopAsync(CancellationToken.None);

        await using var db = await _contexts.CreateDbContextAsync();
        Assert.Equal("withheld", (await db.Outbox.SingleAsync()).MessageId);
    }

    private SqliteTaskStore Store() => new(_contexts, new DatabaseWriteGate(_directory.File("tasks.db")));

    // Confirms after a random delay (so confirms overtake each other), fails every n-th publish
    // once, and never confirms the message named Withheld until cancelled.
    private sealed class FlakyPublisher(int failEvery) : IMessagePublisher
    {
        private int _published;
        private int _failures;

        public ConcurrentBag<string> Confirmed { get; } = [];
        public int Failures => _failures;
        public string? Withheld { get; init; }

        public async Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            if (message.MessageId == Withheld)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            await Task.Delay(Random.Shared.Next(0, 5), cancellationToken);
            if (failEvery > 0 && Interlocked.Increment(ref _published) % failEvery == 0)
            {
                Interlocked.Increment(ref _failures);
                throw new InvalidOperationException("confirm timed out");
            }

            Confirmed.Add(message.MessageId!);
        }
    }

    public void Dispose()
    {
        SqliteConnectionPoolCleaner.ClearAll();
        _directory.Dispose();
    }
}
