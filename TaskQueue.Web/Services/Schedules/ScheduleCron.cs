using Cronos;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.Services.Schedules;

// A schedule's cron expression read in its time zone. Five fields are standard cron (minute
// first); six put seconds first. Occurrences are computed by Cronos in the zone, so a daily
// 09:00 in Europe/Paris stays 09:00 local across DST changes (Cronos runs a time the change
// skips at the change, and one it repeats once).
public sealed class ScheduleCron
{
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    private ScheduleCron(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        _zone = zone;
    }

    // For stored schedules, which were validated when they were created.
    public static ScheduleCron Parse(string cron, string timeZone) =>
        TryParse(cron, timeZone, DateTimeOffset.UtcNow, new InputErrors()) ?? throw new FormatException($"Invalid schedule '{cron}' in '{timeZone}'.");

    // Null with the errors named `cron` and `timeZone` when either is wrong, including a cron
    // that never fires again after `now` (e.g. 30 February).
    public static ScheduleCron? TryParse(string? cron, string? timeZone, DateTimeOffset now, InputErrors errors)
    {
        var zone = FindZone(timeZone, errors);
        var expression = ParseExpression(cron, errors);
        if (expression is null || zone is null)
        {
            return null;
        }

        var parsed = new ScheduleCron(expression, zone);
        if (parsed.NextAfter(now) is null)
        {
            errors.Add("cron", $"'{cron}' never fires: no date matches it.");
            return null;
        }

        return parsed;
    }

    // The first occurrence strictly after `after`; null if there is none.
    public DateTimeOffset? NextAfter(DateTimeOffset after) => _expression.GetNextOccurrence(after, _zone)?.ToUniversalTime();

    // The latest occurrence at or before `until`; null if there is none.
    public DateTimeOffset? LatestUpTo(DateTimeOffset until) => _expression.GetPreviousOccurrence(until, _zone, inclusive: true)?.ToUniversalTime();

    public IReadOnlyList<DateTimeOffset> Upcoming(DateTimeOffset from, int count)
    {
        var occurrences = new List<DateTimeOffset>(count);
        for (DateTimeOffset? next = from; occurrences.Count < count && next is { } current; next = NextAfter(current))
        {
            occurrences.Add(current);
        }

        return occurrences;
    }

    private static CronExpression? ParseExpression(string? cron, InputErrors errors)
    {
        var fields = cron?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length ?? 0;
        if (fields is not (5 or 6) || cron!.Length > 100)
        {
            errors.Add("cron", "cron must have 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), e.g. \"*/5 * * * * *\".");
            return null;
        }

        if (CronExpression.TryParse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out var expression))
        {
            return expression;
        }

        errors.Add("cron", $"'{cron}' is not a valid cron expression.");
        return null;
    }

    private static TimeZoneInfo? FindZone(string? timeZone, InputErrors errors)
    {
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            return TimeZoneInfo.Utc;
        }

        if (timeZone.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var zone))
        {
            return zone;
        }

        errors.Add("timeZone", $"Unknown time zone '{timeZone}': use an IANA id such as UTC or Europe/Paris.");
        return null;
    }
}
