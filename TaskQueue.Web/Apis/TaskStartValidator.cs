using System.Globalization;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.Apis;

// When a task may start: runAt (an ISO-8601 time, UTC unless it says otherwise) or
// delaySeconds, never both. A runAt already past is accepted and runs at once, as a delay of 0
// would: a client's clock a little behind ours must not turn "now" into an error.
public static class TaskStartValidator
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(TaskLimits.MaxDelayDays);

    private static readonly string[] s_isoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
    ];

    // The 1-year bound is coarse, so the system clock serves; the delay itself is measured by
    // TaskService's clock when the task is accepted.
    public static (DateTimeOffset? RunAt, TimeSpan? Delay) Validate(string? runAt, double? delaySeconds, InputErrors errors, string prefix)
    {
        if (runAt is not null && delaySeconds is not null)
        {
            errors.Add($"{prefix}runAt", "Give runAt or delaySeconds, not both.");
            return (null, null);
        }

        if (delaySeconds is { } seconds)
        {
            if (!double.IsFinite(seconds) || seconds < 0 || seconds > MaxDelay.TotalSeconds)
            {
                errors.Add($"{prefix}delaySeconds", $"delaySeconds must be from 0 to {MaxDelay.TotalSeconds:F0} ({TaskLimits.MaxDelayDays} days).");
                return (null, null);
            }

            return (null, TimeSpan.FromSeconds(seconds));
        }

        if (runAt is null)
        {
            return (null, null);
        }

        if (!DateTimeOffset.TryParseExact(runAt.Trim(), s_isoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            errors.Add($"{prefix}runAt", "runAt must be an ISO-8601 time in UTC, such as 2026-12-01T21:30:00Z.");
            return (null, null);
        }

        if (time > DateTimeOffset.UtcNow + MaxDelay)
        {
            errors.Add($"{prefix}runAt", $"runAt must be at most {TaskLimits.MaxDelayDays} days ahead.");
            return (null, null);
        }

        return (time, null);
    }
}
