using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services.Schedules;

// What firing a due schedule means: which occurrence gets a task (none when missed runs are
// skipped) and where NextRunAt moves. A pure function of the stored NextRunAt and the time now:
// NextRunAt only moves forward from its stored value, so a clock that jumps back finds nothing
// due and fires nothing again; one that jumps forward finds the occurrences it passed missed.
public sealed record ScheduleFiring(DateTimeOffset? Occurrence, DateTimeOffset? NextRunAt)
{
    // An occurrence fired later than this was missed (every web app down, or a clock jump);
    // anything sooner is an ordinary firing by a loop that was a little late.
    public static readonly TimeSpan MissedAfter = TimeSpan.FromSeconds(30);

    public static ScheduleFiring Decide(ScheduleCron cron, MissedRunPolicy missedRuns, DateTimeOffset due, DateTimeOffset now)
    {
        if (now - due <= MissedAfter)
        {
            // On time: this very occurrence. If the next one is already due too, the next round fires it.
            return new ScheduleFiring(due, cron.NextAfter(due));
        }

        // Missed: at most one task stands for all of them, at the latest occurrence that passed.
        var latest = cron.LatestUpTo(now) is { } found && found > due ? found : due;
        var next = cron.NextAfter(latest);
        var onTime = now - latest <= MissedAfter;
        return missedRuns == MissedRunPolicy.RunOnce || onTime
            ? new ScheduleFiring(latest, next)
            : new ScheduleFiring(null, next);
    }
}
