using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.PostgreSql;
using TaskQueue.Messaging;
using TaskQueue.Tests.Infrastructure;
using TaskQueue.Web.Services;

namespace TaskQueue.Tests.Integration.PostgreSql;

// Two dispatchers (as two web replicas would run) on one PostgreSQL outbox: each row is claimed
// by one of them (FOR UPDATE SKIP LOCKED) and published once, and rows held by a dispatcher
// that stops are taken over by the other.
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlOutboxDispatcherTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PooledDbContextFactory<TasksDbContext> _contexts = null!;

    public async Task InitializeAsync() => _contexts = await postgres.CreateDatabaseAsync();

    [Fact]
    public async Task Two_dispatchers_publish_every_row_exactly_once()
    {
        var publishes = new ConcurrentBag<string>();
        var signals = new[] { new OutboxSignal(), new OutboxSignal() };
        var dispatchers = signals.Select(signal => NewDispatcher(new RecordingPublisher(publishes), signal)).ToList();
        foreach (var dispatcher in dispatchers)
        {
            await dispatcher.StartAsync(CancellationToken.None);
        }

        var written = new List<string>();
        for (var wave = 0; wave < 20; wave++)
        {
            written.AddRange(await TestRows.AddOutboxRowsAsync(_contexts, 30));
            foreach (var signal in signals)
            {
                signal.Notify();
            }
        }

        await Eventually.TrueAsync(async () => await TestRows.CountOutboxRowsAsync(_contexts) == 0, TimeSpan.FromSeconds(30), "an empty outbox");
        foreach (var dispatcher in dispatchers)
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.Equal(written.Order(), publishes.Order());
    }

    [Fact]
    public async Task Rows_held_by_a_dispatcher_are_left_alone_until_it_stops_and_then_taken_over()
    {
        var publishes = new ConcurrentBag<string>();
        var first = NewDispatcher(new RecordingPublisher(publishes) { Withheld = "withheld" }, new OutboxSignal());
        var written = await TestRows.AddOutboxRowsAsync(_contexts, 5);
        written.AddRange(await TestRows.AddOutboxRowsAsync(_contexts, 1, "withheld"));
        written.AddRange(await TestRows.AddOutboxRowsAsync(_contexts, 5));
        await first.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(publishes.Count == 10), TimeSpan.FromSeconds(10), "all but the withheld row published");

        var secondPublishes = new ConcurrentBag<string>();
        var second = NewDispatcher(new RecordingPublisher(secondPublishes), new OutboxSignal());
        await second.StartAsync(CancellationToken.None);
        await Task.Delay(1500);
        Assert.Empty(secondPublishes);

        await first.StopAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => await TestRows.CountOutboxRowsAsync(_contexts) == 0, TimeSpan.FromSeconds(10), "the withheld row taken over");
        await second.StopAsync(CancellationToken.None);

        Assert.Equal(["withheld"], secondPublishes);
        Assert.Equal(written.Order(), publishes.Concat(secondPublishes).Order());
    }

    private OutboxDispatcher NewDispatcher(IMessagePublisher publisher, OutboxSignal signal) =>
        new(new PostgreSqlTaskStore(_contexts), publisher, signal, new OutboxBundler(Options.Create(new OutboxOptions()), new WorkerRegistry(TimeProvider.System)), NullLogger<OutboxDispatcher>.Instance);

    // Confirms after a short random delay, records each confirmed publish, and never confirms
    // the message named Withheld until cancelled.
    private sealed class RecordingPublisher(ConcurrentBag<string> confirmed) : IMessagePublisher
    {
        public string? Withheld { get; init; }

        public async Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            if (message.MessageId == Withheld)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            await Task.Delay(Random.Shared.Next(0, 3), cancellationToken);
            confirmed.Add(message.MessageId!);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
