using TaskQueue.Data;
using TaskQueue.Data.Sqlite;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// The gate's file lock belongs to each open of the lock file, so two gates on one database in
// this test exclude each other exactly as the web app's and the sink's do across processes.
public sealed class DatabaseWriteGateTests : IDisposable
{
    private readonly TestDirectory _directory = new("write-gate");

    [Fact]
    public async Task A_writer_in_another_process_waits_until_the_first_one_leaves_and_then_goes_at_once()
    {
        using var web = new DatabaseWriteGate(_directory.File("tasks.db"));
        using var sink = new DatabaseWriteGate(_directory.File("tasks.db"));
        Assert.Equal(_directory.File("tasks.db-writelock"), web.LockFilePath);

        var first = await web.EnterAsync(CancellationToken.None);
        var second = sink.EnterAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.False(second.IsCompleted, "the second writer went in while the first held the lock");

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();

        // And the other way round, so neither side keeps a lock it gave back.
        using (await web.EnterAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)))
        {
        }
    }

    [Fact]
    public async Task Writers_in_one_process_take_turns()
    {
        using var gate = new DatabaseWriteGate(_directory.File("tasks.db"));
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                using (await gate.EnterAsync(CancellationToken.None))
                {
                    most = Math.Max(most, Interlocked.Increment(ref inside));
                    await Task.Yield();
                    Interlocked.Decrement(ref inside);
                }
            }
        })));
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task An_in_memory_database_has_no_lock_file_and_still_orders_this_processs_writers()
    {
        using var gate = new DatabaseWriteGate(":memory:");
        Assert.Null(gate.LockFilePath);
        var first = await gate.EnterAsync(CancellationToken.None);
        var second = gate.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task A_writer_that_gets_the_lock_while_an_enqueue_waits_lets_the_enqueue_go_first()
    {
        using var sink = new DatabaseWriteGate(_directory.File("tasks.db"));
        using var web = new DatabaseWriteGate(_directory.File("tasks.db"));
        using var otherSink = new DatabaseWriteGate(_directory.File("tasks.db"));
        var order = new List<string>();

        var first = await sink.EnterAsync(CancellationToken.None);
        var background = Inside(otherSink.EnterAsync(CancellationToken.None), "background", order);
        await Task.Delay(200);
        var enqueue = Inside(web.EnterAheadAsync(CancellationToken.None), "enqueue", order);
        await Task.Delay(200);
        Assert.Empty(order);

        first.Dispose();
        await Task.WhenAll(background, enqueue).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["enqueue", "background"], order);
    }

    [Fact]
    public async Task A_writer_gives_way_to_waiting_enqueues_only_briefly_so_an_enqueue_that_never_comes_wedges_nothing()
    {
        using var sink = new DatabaseWriteGate(_directory.File("tasks.db"));
        // .NET's own open of a file holds a shared flock on it: here, a waiting enqueue that
        // never takes the lock (as a process stopped in a debugger would look).
        using var stuckAnnouncement = File.Open(_directory.File("tasks.db-writelock-enqueues"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);

        var started = System.Diagnostics.Stopwatch.StartNew();
        (await sink.EnterAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.InRange(started.Elapsed, DatabaseWriteGate.MaxGiveWay, TimeSpan.FromSeconds(5));
    }

    private static async Task Inside(Task<DatabaseWriteGate.Releaser> entering, string writer, List<string> order)
    {
        using (await entering)
        {
            lock (order)
            {
                order.Add(writer);
            }

            await Task.Delay(50);
        }
    }

    public void Dispose() => _directory.Dispose();
}
