using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.Components.Tasks;

// A task's input as people read it: a script is its code, anything else its JSON. Summary
// is the one line a table cell shows.
public sealed record TaskInputView(string Text, string Language, string Summary)
{
    private const int MaxSummaryLength = 60;

    public static TaskInputView For(TaskItem task)
    {
        if (task.Type == TaskTypes.Script && CodeOf(task.Input) is { } code)
        {
            return new TaskInputView(code, "javascript", Shorten(code));
        }

        return new TaskInputView(TaskFormat.PrettyJson(task.Input), "json", Shorten(task.Input));
    }

    private static string? CodeOf(string input)
    {
        try
        {
            using var document = JsonDocument.Parse(input);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text)
    {
        var oneLine = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= MaxSummaryLength ? oneLine : oneLine[..(MaxSummaryLength - 1)] + "…";
    }
}
