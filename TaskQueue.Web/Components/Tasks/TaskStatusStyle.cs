using MudBlazor;
using TaskQueue.Data.Model;

namespace TaskQueue.Web.Components.Tasks;

// How each status looks wherever it is shown (chips, count cards), so colours and icons
// never disagree between the list and the details page.
public sealed record TaskStatusStyle(Color Color, string Icon)
{
    public static TaskStatusStyle For(TaskItemStatus status) => status switch
    {
        TaskItemStatus.Scheduled => new(Color.Dark, Icons.Material.Filled.Alarm),
        TaskItemStatus.Pending => new(Color.Dark, Icons.Material.Filled.PendingActions),
        TaskItemStatus.Queued => new(Color.Default, Icons.Material.Filled.Schedule),
        TaskItemStatus.Running => new(Color.Info, Icons.Material.Filled.PlayArrow),
        TaskItemStatus.Retrying => new(Color.Warning, Icons.Material.Filled.Replay),
        TaskItemStatus.Cancelling => new(Color.Warning, Icons.Material.Filled.HourglassBottom),
        TaskItemStatus.Finished => new(Color.Success, Icons.Material.Filled.CheckCircle),
        TaskItemStatus.Failed => new(Color.Error, Icons.Material.Filled.Error),
        TaskItemStatus.Cancelled => new(Color.Secondary, Icons.Material.Filled.Block),
        _ => new(Color.Default, Icons.Material.Filled.HelpOutline),
    };
}
