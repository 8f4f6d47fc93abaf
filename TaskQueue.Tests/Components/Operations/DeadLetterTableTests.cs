using Bunit;
using TaskQueue.Web.Apis;
using TaskQueue.Web.Components.Operations;

namespace TaskQueue.Tests.Components.Operations;

public sealed class DeadLetterTableTests : MudTestContext
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static DeadLetterDto DeadLetter(long id, Guid? taskId = null) => new(
        id, $"m{id}", "TaskQueued", "taskqueue.tasks", "The message body is not valid JSON.", taskId, "not json at all", s_now.AddMinutes(-2));

    [Fact]
    public void Requeue_and_discard_hand_the_row_to_the_page()
    {
        var requeued = new List<long>();
        var discarded = new List<long>();
        var cut = Render<DeadLetterTable>(parameters => parameters
            .Add(p => p.Items, [DeadLetter(7), DeadLetter(6)])
            .Add(p => p.Total, 2)
            .Add(p => p.Now, s_now)
            .Add(p => p.Requeue, (DeadLetterDto deadLetter) => requeued.Add(deadLetter.Id))
            .Add(p => p.Discard, (DeadLetterDto deadLetter) => discarded.Add(deadLetter.Id)));

        cut.FindAll("[data-testid=dead-letter-requeue]")[1].Click();
        cut.FindAll("[data-testid=dead-letter-discard]")[0].Click();

        Assert.Equal([6L], requeued);
        Assert.Equal([7L], discarded);
    }

    [Fact]
    public void Rows_show_reason_origin_body_and_a_link_to_the_task()
    {
        var taskId = Guid.CreateVersion7(s_now);
        var cut = Render<DeadLetterTable>(parameters => parameters
            .Add(p => p.Items, [DeadLetter(3, taskId)])
            .Add(p => p.Total, 120)
            .Add(p => p.Now, s_now));

        var row = cut.Find("[data-testid=dead-letter-row]");
        Assert.Equal("3", row.GetAttribute("data-dead-letter-id"));
        Assert.Equal("The message body is not valid JSON.", row.QuerySelector("[data-testid=dead-letter-reason]")!.TextContent.Trim());
        Assert.Contains("taskqueue.tasks", row.TextContent);
        Assert.Contains("not json at all", row.TextContent);
        Assert.Contains("2 min 0 s ago", row.TextContent);
        Assert.Equal($"/tasks/{taskId}", row.QuerySelector("a[href^='/tasks/']")!.GetAttribute("href"));
        Assert.Contains("newest 1 of 120", cut.Markup);
    }

    [Fact]
    public void Buttons_are_disabled_while_an_action_runs()
    {
        var cut = Render<DeadLetterTable>(parameters => parameters
            .Add(p => p.Items, [DeadLetter(1)])
            .Add(p => p.Now, s_now)
            .Add(p => p.Busy, true));

        Assert.True(cut.Find("[data-testid=dead-letter-requeue]").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid=dead-letter-discard]").HasAttribute("disabled"));
    }

    [Fact]
    public void No_dead_letters_says_so()
    {
        var cut = Render<DeadLetterTable>(parameters => parameters.Add(p => p.Items, []).Add(p => p.Now, s_now));

        Assert.NotNull(cut.Find("[data-testid=dead-letters-empty]"));
    }
}
