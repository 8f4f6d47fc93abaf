using Bunit;
using TaskQueue.Data.Model;
using TaskQueue.Web.Components.Workflows;

namespace TaskQueue.Tests.Components;

// The graph's shape follows the kind: a chain is one ordered row, a group one unordered column,
// a chord the group's column, an arrow, then the callback. Every node links to its task.
public sealed class WorkflowGraphTests : MudTestContext
{
    [Fact]
    public void A_chain_is_an_ordered_row_of_linked_nodes_with_their_statuses()
    {
        var steps = Steps(TaskItemStatus.Finished, TaskItemStatus.Running, TaskItemStatus.Pending);

        var graph = Render<WorkflowGraph>(parameters => parameters
            .Add(p => p.Kind, WorkflowKind.Chain).Add(p => p.Steps, steps).Add(p => p.StepCount, 3));

        var nodes = graph.FindAll("ol.wf-row > [data-testid=workflow-node]");
        Assert.Equal(["Finished", "Running", "Pending"], nodes.Select(node => node.GetAttribute("data-status")));
        Assert.Equal(steps.Select(step => $"/tasks/{step.Id}"), nodes.Select(node => node.QuerySelector("a")!.GetAttribute("href")));
        Assert.Equal("Step 2: step-1", nodes[1].QuerySelector("a")!.TextContent);
        Assert.Equal(2, graph.FindAll("ol.wf-row > .wf-arrow[aria-hidden=true]").Count);
    }

    [Fact]
    public void A_chord_is_its_group_then_an_arrow_to_the_callback()
    {
        var steps = Steps(TaskItemStatus.Finished, TaskItemStatus.Finished, TaskItemStatus.Queued);

        var graph = Render<WorkflowGraph>(parameters => parameters
            .Add(p => p.Kind, WorkflowKind.Chord).Add(p => p.Steps, steps).Add(p => p.StepCount, 3));

        var columns = graph.FindAll("ul.wf-column");
        Assert.Equal(2, columns.Count);
        Assert.Equal(2, columns[0].QuerySelectorAll("[data-testid=workflow-node]").Length);
        Assert.Equal("Callback: step-2", columns[1].QuerySelector("a")!.TextContent);
        Assert.Single(graph.FindAll(".wf-arrow"));
    }

    private static List<TaskItem> Steps(params TaskItemStatus[] statuses) =>
        statuses.Select((status, index) => new TaskItem
        {
            Id = Guid.CreateVersion7(), Name = $"step-{index}", Type = "echo", Status = status, WorkflowStep = index,
        }).ToList();
}
