using System.Globalization;
using System.Text.Json;

namespace TaskQueue.Web.Components.Tasks;

// Turns stored JSON and timestamps into the short text a table cell can hold. Whole numbers
// are never rounded: their digits are shown, cut with an ellipsis when long (the cell's title
// holds them all); only fractions read in exponential notation when very large or small.
public static class TaskFormat
{
    public const string Empty = "-";
    private const int MaxCellLength = 80;
    private const int MaxDigitsInCell = 24;
    private const int SignificantDecimals = 4;
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static string Result(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => Empty,
                JsonValueKind.Number => IsInteger(root.GetRawText()) ? Digits(root.GetRawText()) : Number(root.GetDouble()),
                // Fibonacci results are decimal strings because they outgrow every number type.
                JsonValueKind.String => root.GetString() is { } text && IsInteger(text) ? Digits(text) : Truncate(root.GetString() ?? ""),
                // A simulation reports its end value beside summary figures; the value is what the column is for.
                JsonValueKind.Object when root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number
                    => Number(value.GetDouble()),
                _ => Truncate(root.GetRawText()),
            };
        }
        catch (JsonException)
        {
            return Truncate(json);
        }
    }

    public static string Number(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude != 0 && (magnitude >= 1e6 || magnitude < 1e-3)
            ? value.ToString($"0.{new string('#', SignificantDecimals)}e+0", CultureInfo.InvariantCulture)
            : value.ToString($"0.{new string('#', SignificantDecimals)}", CultureInfo.InvariantCulture);
    }

    // A whole number as its exact digits, the leading ones when there are too many for a cell.
    public static string Digits(string digits) =>
        digits.Length <= MaxDigitsInCell ? digits : digits[..(MaxDigitsInCell - 1)] + "…";

    // The whole result, as the cell's hover text and the details page show it: a string without
    // its JSON quotes, anything else as JSON.
    public static string FullResult(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString() ?? "" : PrettyJson(json);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    public static string Duration(DateTimeOffset? startedAt, DateTimeOffset? finishedAt, DateTimeOffset now)
    {
        if (startedAt is not { } start)
        {
            return Empty;
        }

        var elapsed = (finishedAt ?? now) - start;
        return elapsed switch
        {
            { TotalSeconds: < 1 } => $"{Math.Max(0, (int)elapsed.TotalMilliseconds)} ms",
            { TotalMinutes: < 1 } => $"{elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
            { TotalHours: < 1 } => $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds} s",
            _ => $"{(int)elapsed.TotalHours} h {elapsed.Minutes} min",
        };
    }

    public static string Time(DateTimeOffset? value) =>
        value is { } time ? time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : Empty;

    // Table cells drop today's date: a busy list is mostly today.
    public static string ShortTime(DateTimeOffset value, DateTimeOffset now) =>
        value.ToLocalTime().Date == now.ToLocalTime().Date
            ? value.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : value.ToLocalTime().ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    // The tail, not the head: version 7 ids start with a timestamp, so tasks created together
    // share their first characters.
    public static string ShortId(Guid id) => id.ToString("N")[^8..];

    // Pretty-printed JSON for the preview and details views; the raw text when it is not JSON.
    public static string PrettyJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, s_indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static bool IsInteger(string text) =>
        text.Length > 0 && text.AsSpan(text.StartsWith('-') ? 1 : 0) is { Length: > 0 } digits && !digits.ContainsAnyExcept("0123456789");

    private static string Truncate(string text) => text.Length <= MaxCellLength ? text : text[..(MaxCellLength - 1)] + "…";
}
