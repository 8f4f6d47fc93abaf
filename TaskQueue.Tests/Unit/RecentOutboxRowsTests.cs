using TaskQueue.Data.Model;
using TaskQueue.Data.Sqlite;

namespace TaskQueue.Tests.Unit;

public sealed class RecentOutboxRowsTests
{
    [Fact]
    public void Rows_that_continue_where_the_dispatcher_stopped_are_taken_in_order_up_to_the_limit()
    {
        var recent = new RecentOutboxRows();
        recent.Add(Rows(11, 12, 13));
        recent.Add(Rows(14, 15));

        Assert.Equal([11L, 12, 13, 14], recent.TakeAfter(10, max: 4)!.Select(row => row.Id));
        Assert.Equal([15L], recent.TakeAfter(14, max: 4)!.Select(row => row.Id));
        Assert.Null(recent.TakeAfter(15, max: 4));
    }

    [Fact]
    public void A_gap_before_or_inside_the_run_leaves_the_rest_to_the_database()
    {
        var recent = new RecentOutboxRows();
        recent.Add(Rows(12, 13));
        recent.Add(Rows(15));

        // Row 11 was written another way: only the database has it.
        Assert.Null(recent.TakeAfter(10, max: 100));
        // Having read 11 from the database, 12 and 13 continue the run; 14 is missing again.
        Assert.Equal([12L, 13], recent.TakeAfter(11, max: 100)!.Select(row => row.Id));
        Assert.Null(recent.TakeAfter(13, max: 100));
    }

    [Fact]
    public void Rows_the_dispatcher_already_read_from_the_database_are_dropped_and_the_remainder_served()
    {
        var recent = new RecentOutboxRows();
        recent.Add(Rows(21, 22, 23, 24));

        Assert.Equal([23L, 24], recent.TakeAfter(22, max: 100)!.Select(row => row.Id));
        Assert.Null(recent.TakeAfter(30, max: 100));
    }

    private static List<OutboxMessage> Rows(params long[] ids) => [.. ids.Select(id => new OutboxMessage { Id = id, MessageId = $"m{id}" })];
}
