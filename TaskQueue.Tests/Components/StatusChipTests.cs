using Bunit;
using MudBlazor;
using TaskQueue.Data.Model;
using TaskQueue.Web.Components.Tasks;

namespace TaskQueue.Tests.Components;

public sealed class StatusChipTests : MudTestContext
{
    [Theory]
    [InlineData(TaskItemStatus.Pending, "dark")]
    [InlineData(TaskItemStatus.Queued, "default")]
    [InlineData(TaskItemStatus.Running, "info")]
    [InlineData(TaskItemStatus.Retrying, "warning")]
    [InlineData(TaskItemStatus.Cancelling, "warning")]
    [InlineData(TaskItemStatus.Finished, "success")]
    [InlineData(TaskItemStatus.Failed, "error")]
    [InlineData(TaskItemStatus.Cancelled, "secondary")]
    public void Each_status_renders_its_name_colour_and_icon(TaskItemStatus status, string color)
    {
        var chip = Render<StatusChip>(parameters => parameters.Add(p => p.Status, status))
            .Find("[data-testid=status-chip]");

        Assert.Equal(status.ToString(), chip.GetAttribute("data-status"));
        Assert.Contains(status.ToString(), chip.TextContent);
        Assert.Contains($"mud-chip-color-{color}", chip.ClassList);
        Assert.NotNull(chip.QuerySelector("svg"));
    }

    [Fact]
    public void Terminal_and_active_states_never_share_a_look()
    {
        var looks = Enum.GetValues<TaskItemStatus>().Select(TaskStatusStyle.For).ToList();

        Assert.Equal(looks.Count, looks.Select(look => look.Icon).Distinct().Count());
        Assert.Equal(Color.Success, TaskStatusStyle.For(TaskItemStatus.Finished).Color);
        Assert.Equal(Color.Error, TaskStatusStyle.For(TaskItemStatus.Failed).Color);
    }
}
