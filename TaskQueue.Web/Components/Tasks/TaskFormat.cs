using System.Globalization;
using System.Text.Json;

namespace TaskQueue.Web.Components.Tasks;

// Turns stored JSON and timestamps into the short text a table cell can hold. Like the
// original UI, large numbers read in exponential notation; the details page shows them in full.
public static class TaskFormat
{
    public const string Empty = "-";
    private const int MaxCellLength = 80;
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
                JsonValueKind.Number => Number(root.GetDouble()),
                // Fibonacci results are decimal strings because they outgrow every number type.
                JsonValueKind.String => root.GetString() is { } text && IsInteger(text) ? BigInteger(text) : Truncate(root.GetString() ?? ""),
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

    // Exponential notation straight from the digits, so a 20,000-digit number costs no arithmetic.
    public static string BigInteger(string digits)
    {
        var sign = digits.StartsWith('-') ? "-" : "";
        var unsigned = digits.TrimStart('-').TrimStart('0');
        if (unsigned.Length <= 6)
        {
            return sign + (unsigned.Length == 0 ? "0" : unsigned);
        }

        var mantissa = $"{unsigned[0]}.{unsigned.Substring(1, SignificantDecimals)}".TrimEnd('0').TrimEnd('.');
        return $"{sign}{mantissa}e+{unsigned.Length - 1}";
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
