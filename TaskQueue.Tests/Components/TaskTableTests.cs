using Bunit;
using TaskQueue.Data.Model;
using TaskQueue.Web.Components.Tasks;

namespace TaskQueue.Tests.Components;

public sealed class TaskTableTests : MudTestContext
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static TaskItem Task(TaskItemStatus status, string? result = null, double progress = 0) => new()
    {
        Id = Guid.CreateVersion7(s_now),
        Name = $"task {status}",
        Type = "fibonacci",
        Input = """{"n":50}""",
        Status = status,
        Result = result,
        Progress = progress,
        Attempt = 2,
        MaxAttempts = 3,
        WorkerId = "worker-1",
        CreatedAt = s_now,
        StartedAt = s_now,
    };

    [Fact]
    public void Rows_carry_the_task_id_status_formatted_result_and_attempts()
    {
        var finished = Task(TaskItemStatus.Finished, "\"12586269025\"");
        var queued = Task(TaskItemStatus.Queued);

        var cut = Render<TaskTable>(parameters => parameters
            .Add(p => p.Items, [finished, queued])
            .Add(p => p.Selected, new HashSet<Guid>())
            .Add(p => p.Now, s_now));

        var rows = cut.FindAll("[data-testid=task-row]");
        Assert.Equal(2, rows.Count);
        Assert.Equal(finished.Id.ToString(), rows[0].GetAttribute("data-task-id"));
        Assert.Equal("Finished", rows[0].QuerySelector("[data-testid=status-chip]")!.GetAttribute("data-status"));
        Assert.Equal("12586269025", rows[0].QuerySelector("[data-testid=task-result]")!.TextContent.Trim());
        Assert.Equal("12586269025", rows[0].QuerySelector("[data-testid=task-result]")!.GetAttribute("title"));
        Assert.Equal("-", rows[1].QuerySelector("[data-testid=task-result]")!.TextContent.Trim());
        Assert.Equal("2/3", rows[0].QuerySelector("[data-testid=task-attempts]")!.TextContent.Trim());
        Assert.Equal($"/tasks/{finished.Id}", rows[0].QuerySelector("[data-testid=task-name-link]")!.GetAttribute("href"));
    }

    [Fact]
    public void Only_running_tasks_show_a_progress_bar()
    {
        var cut = Render<TaskTable>(parameters => parameters
            .Add(p => p.Items, [Task(TaskItemStatus.Running, progress: 0.4), Task(TaskItemStatus.Queued), Task(TaskItemStatus.Finished, "1")])
            .Add(p => p.Selected, new HashSet<Guid>())
            .Add(p => p.Now, s_now));

        var rows = cut.FindAll("[data-testid=task-row]");
        Assert.NotNull(rows[0].QuerySelector("[data-testid=task-progress]"));
        Assert.Null(rows[1].QuerySelector("[data-testid=task-progress]"));
        Assert.Null(rows[2].QuerySelector("[data-testid=task-progress]"));
    }

    [Fact]
    public void Ticking_a_row_and_select_all_report_the_selected_ids()
    {
        var first = Task(TaskItemStatus.Queued);
        var second = Task(TaskItemStatus.Failed);
        IReadOnlySet<Guid>? selected = null;
        var cut = Render<TaskTable>(parameters => parameters
            .Add(p => p.Items, [first, second])
            .Add(p => p.Selected, new HashSet<Guid>())
            .Add(p => p.SelectedChanged, ids => selected = ids)
            .Add(p => p.Now, s_now));

        cut.FindAll("input[data-testid=row-select]")[1].Change(true);
        Assert.Equal([second.Id], selected);

        cut.Find("input[data-testid=select-all]").Change(true);
        Assert.Equal(new HashSet<Guid> { first.Id, second.Id }, selected);
    }
}
