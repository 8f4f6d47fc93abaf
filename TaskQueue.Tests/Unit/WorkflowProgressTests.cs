using TaskQueue.Data.Model;
using TaskQueue.Web.Services.Workflows;

namespace TaskQueue.Tests.Unit;

// The rules of chain, group and chord as a function of the steps' states.
public sealed class WorkflowProgressTests
{
    [Fact]
    public void A_chain_releases_the_first_pending_step_with_the_previous_result_and_waits_while_a_step_runs()
    {
        var workflow = Workflow(WorkflowKind.Chain, 3);

        var release = Assert.IsType<WorkflowDecision.Release>(WorkflowProgress.Decide(workflow,
            Steps(workflow, (TaskItemStatus.Finished, "\"55\""), (TaskItemStatus.Pending, null), (TaskItemStatus.Pending, null))));
        var wait = WorkflowProgress.Decide(workflow,
            Steps(workflow, (TaskItemStatus.Finished, "\"55\""), (TaskItemStatus.Retrying, null), (TaskItemStatus.Pending, null)));

        Assert.Equal(1, release.Step.WorkflowStep);
        Assert.Equal("""{"previous":"55"}""", release.Context);
        Assert.IsType<WorkflowDecision.Wait>(wait);
    }

    [Fact]
    public void A_finished_chain_ends_with_its_last_result_and_a_group_with_all_of_them()
    {
        var chain = Workflow(WorkflowKind.Chain, 2);
        var group = Workflow(WorkflowKind.Group, 2);

        var chainEnd = Assert.IsType<WorkflowDecision.End>(WorkflowProgress.Decide(chain,
            Steps(chain, (TaskItemStatus.Finished, "\"55\""), (TaskItemStatus.Finished, "110"))));
        var groupEnd = Assert.IsType<WorkflowDecision.End>(WorkflowProgress.Decide(group,
            Steps(group, (TaskItemStatus.Finished, "\"a\""), (TaskItemStatus.Finished, null))));

        Assert.Equal((WorkflowStatus.Finished, "110"), (chainEnd.Status, chainEnd.Result));
        Assert.Equal((WorkflowStatus.Finished, "[\"a\",null]"), (groupEnd.Status, groupEnd.Result));
    }

    [Fact]
    public void A_chords_callback_waits_for_every_member_then_gets_their_results_in_order()
    {
        var chord = Workflow(WorkflowKind.Chord, 3);

        var waiting = WorkflowProgress.Decide(chord, Steps(chord, (TaskItemStatus.Running, null), (TaskItemStatus.Finished, "\"89\""), (TaskItemStatus.Pending, null)));
        var release = Assert.IsType<WorkflowDecision.Release>(WorkflowProgress.Decide(chord,
            Steps(chord, (TaskItemStatus.Finished, "\"55\""), (TaskItemStatus.Finished, "\"89\""), (TaskItemStatus.Pending, null))));

        Assert.IsType<WorkflowDecision.Wait>(waiting);
        Assert.Equal(2, release.Step.WorkflowStep);
        Assert.Equal("""{"results":["55","89"]}""", release.Context);
    }

    [Fact]
    public void A_failed_step_fails_the_workflow_naming_it_and_a_cancelled_or_deleted_one_cancels_it()
    {
        var chain = Workflow(WorkflowKind.Chain, 2);
        var failedSteps = Steps(chain, (TaskItemStatus.Failed, null), (TaskItemStatus.Pending, null));
        failedSteps[0].Error = "The script threw: x";

        var failed = Assert.IsType<WorkflowDecision.End>(WorkflowProgress.Decide(chain, failedSteps));
        var cancelled = Assert.IsType<WorkflowDecision.End>(WorkflowProgress.Decide(chain, Steps(chain, (TaskItemStatus.Cancelled, null), (TaskItemStatus.Pending, null))));
        var deleted = Assert.IsType<WorkflowDecision.End>(WorkflowProgress.Decide(chain, Steps(chain, (TaskItemStatus.Running, null))));

        Assert.Equal(WorkflowStatus.Failed, failed.Status);
        Assert.Equal("Step 0 (step-0) failed: The script threw: x", failed.Error);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Equal((WorkflowStatus.Cancelled, "Step 1 was deleted."), (deleted.Status, deleted.Error));
    }

    private static Workflow Workflow(WorkflowKind kind, int steps) => new() { Id = Guid.CreateVersion7(), Kind = kind, StepCount = steps };

    private static List<TaskItem> Steps(Workflow workflow, params (TaskItemStatus Status, string? Result)[] steps) =>
        steps.Select((step, index) => new TaskItem
        {
            Id = Guid.CreateVersion7(), Name = $"step-{index}", Status = step.Status, Result = step.Result, WorkflowId = workflow.Id, WorkflowStep = index,
        }).ToList();
}
