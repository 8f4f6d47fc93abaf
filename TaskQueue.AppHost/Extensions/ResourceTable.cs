using System.Text;

namespace TaskQueue.AppHost.Extensions;

// The resources as one table for the terminal, printed above the Ready line: what runs, with
// which PID and at which addresses (the dashboard has the rest).
internal static class ResourceTable
{
    public static string Format(IEnumerable<ResourceEvent> events)
    {
        var rows = events
            .Where(update => update.Resource is not ParameterResource)
            .OrderBy(update => update.ResourceId, StringComparer.Ordinal)
            .Select(update => (
                Name: update.ResourceId,
                Type: update.Snapshot.ResourceType,
                State: update.Snapshot.State?.Text ?? "-",
                Pid: update.Snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value?.ToString() ?? "-",
                Urls: string.Join(' ', update.Snapshot.Urls.Where(url => !url.IsInternal).Select(url => url.Url))))
            .ToList();
        var nameWidth = Math.Max(8, rows.Max(row => row.Name.Length));
        var text = new StringBuilder();
        text.AppendLine($"{"RESOURCE".PadRight(nameWidth)}  {"TYPE",-10}  {"STATE",-9}  {"PID",7}  URLS");
        foreach (var row in rows)
        {
            text.AppendLine($"{row.Name.PadRight(nameWidth)}  {row.Type,-10}  {row.State,-9}  {row.Pid,7}  {(row.Urls.Length == 0 ? "-" : row.Urls)}");
        }

        return text.ToString().TrimEnd();
    }
}
