using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services.Workflows;

// The rules of chain, group and chord, as a pure function of a workflow's steps. A step that
// failed for good fails the workflow; one cancelled or deleted cancels it; otherwise a chain
// releases each step once the one before finished, a chord its callback once every member
// finished, and the workflow finishes with its last step's result (a group: all results).
public static class WorkflowProgress
{
    public static WorkflowDecision Decide(Workflow workflow, IReadOnlyList<TaskItem> steps)
    {
        var byStep = steps.Where(step => step.WorkflowStep is not null).ToDictionary(step => step.WorkflowStep!.Value);
        if (byStep.Values.OrderBy(step => step.WorkflowStep).FirstOrDefault(step => step.Status == TaskItemStatus.Failed) is { } failed)
        {
            return new WorkflowDecision.End(WorkflowStatus.Failed, null,
                $"Step {failed.WorkflowStep} ({failed.Name}) failed: {failed.Error ?? "no reason given"}");
        }

        var gone = Enumerable.Range(0, workflow.StepCount)
            .FirstOrDefault(index => !byStep.TryGetValue(index, out var step) || step.Status == TaskItemStatus.Cancelled, -1);
        if (gone >= 0)
        {
            var reason = byStep.ContainsKey(gone) ? "was cancelled" : "was deleted";
            return new WorkflowDecision.End(WorkflowStatus.Cancelled, null, $"Step {gone} {reason}.");
        }

        var ordered = Enumerable.Range(0, workflow.StepCount).Select(index => byStep[index]).ToList();
        return workflow.Kind switch
        {
            WorkflowKind.Chain => DecideChain(ordered),
            WorkflowKind.Group => ordered.All(IsFinished)
                ? new WorkflowDecision.End(WorkflowStatus.Finished, Results(ordered), null)
                : new WorkflowDecision.Wait(),
            _ => DecideChord(ordered),
        };
    }

    private static WorkflowDecision DecideChain(List<TaskItem> steps)
    {
        for (var index = 0; index < steps.Count; index++)
        {
            if (IsFinished(steps[index]))
            {
                continue;
            }

            return index > 0 && steps[index].Status == TaskItemStatus.Pending
                ? new WorkflowDecision.Release(steps[index], $$"""{"previous":{{ResultOf(steps[index - 1])}}}""")
                : new WorkflowDecision.Wait();
        }

        return new WorkflowDecision.End(WorkflowStatus.Finished, ResultOf(steps[^1]), null);
    }

    private static WorkflowDecision DecideChord(List<TaskItem> steps)
    {
        var members = steps[..^1];
        var callback = steps[^1];
        if (!members.All(IsFinished))
        {
            return new WorkflowDecision.Wait();
        }

        return callback.Status switch
        {
            TaskItemStatus.Pending => new WorkflowDecision.Release(callback, $$"""{"results":{{Results(members)}}}"""),
            TaskItemStatus.Finished => new WorkflowDecision.End(WorkflowStatus.Finished, ResultOf(callback), null),
            _ => new WorkflowDecision.Wait(),
        };
    }

    private static bool IsFinished(TaskItem step) => step.Status == TaskItemStatus.Finished;

    // Results are stored as JSON text, so they are spliced in as they are.
    private static string ResultOf(TaskItem step) => step.Result ?? "null";

    private static string Results(IEnumerable<TaskItem> steps) => $"[{string.Join(",", steps.Select(ResultOf))}]";
}
