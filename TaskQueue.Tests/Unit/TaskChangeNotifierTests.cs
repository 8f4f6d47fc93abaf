using System.Text;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Web.Services;

namespace TaskQueue.Tests.Unit;

// Live views hear every change; the workflow advancer only changes that may have moved a
// workflow on, including announcements that do not say (from a sink older than the field).
public sealed class TaskChangeNotifierTests
{
    [Theory]
    [InlineData(false, 0, true)]
    [InlineData(true, 1, true)]
    [InlineData(true, 0, false)]
    public void Workflow_listeners_hear_changes_that_may_have_moved_a_workflow(bool says, int workflows, bool expected)
    {
        var notifier = new TaskChangeNotifier();
        var changed = 0;
        var workflowStepsChanged = 0;
        notifier.Changed += _ => changed++;
        notifier.WorkflowStepsChanged += () => workflowStepsChanged++;

        notifier.Notify([Guid.NewGuid()], says ? Enumerable.Range(0, workflows).Select(_ => Guid.NewGuid()).ToList() : null);

        Assert.Equal(1, changed);
        Assert.Equal(expected ? 1 : 0, workflowStepsChanged);
    }

    [Fact]
    public void No_tasks_is_no_change()
    {
        var notifier = new TaskChangeNotifier();
        var heard = 0;
        notifier.Changed += _ => heard++;
        notifier.WorkflowStepsChanged += () => heard++;

        notifier.Notify([], null);

        Assert.Equal(0, heard);
    }

    [Fact]
    public void An_announcement_without_workflow_ids_reads_as_not_saying()
    {
        var body = Encoding.UTF8.GetBytes("""{"taskIds":["6f1c1b8e-3c51-4f57-9d52-7a6f3f0c2b11"],"occurredAt":"2026-01-01T00:00:00Z"}""");

        var message = MessageSerializer.Deserialize<TasksChanged>(nameof(TasksChanged), body);

        Assert.Single(message.TaskIds);
        Assert.Null(message.WorkflowIds);
    }

    [Fact]
    public void An_announcement_keeps_its_workflow_ids_on_the_wire()
    {
        var workflow = Guid.NewGuid();
        var sent = new TasksChanged([Guid.NewGuid()], DateTimeOffset.UtcNow, [workflow]);

        var received = MessageSerializer.Deserialize<TasksChanged>(nameof(TasksChanged), MessageSerializer.Serialize(sent));

        Assert.Equal([workflow], received.WorkflowIds);
    }
}
