using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Tests.Unit;

// When a schedule fires and where its NextRunAt moves: a pure function of the stored NextRunAt
// and the time now, so clock jumps are tested by passing the times they produce.
public sealed class ScheduleFiringTests
{
    private static readonly DateTimeOffset s_noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ScheduleCron s_everyFiveSeconds = ScheduleCron.Parse("*/5 * * * * *", "UTC");

    [Fact]
    public void An_occurrence_fired_on_time_or_a_little_late_is_that_occurrence_and_moves_to_the_next()
    {
        var onTime = ScheduleFiring.Decide(s_everyFiveSeconds, MissedRunPolicy.Skip, s_noon, s_noon.AddMilliseconds(200));
        var late = ScheduleFiring.Decide(s_everyFiveSeconds, MissedRunPolicy.Skip, s_noon, s_noon.AddSeconds(12));

        Assert.Equal(new ScheduleFiring(s_noon, s_noon.AddSeconds(5)), onTime);
        // Each occurrence of a late loop still fires, one round each, while within MissedAfter.
        Assert.Equal(new ScheduleFiring(s_noon, s_noon.AddSeconds(5)), late);
    }

    [Fact]
    public void Missed_occurrences_run_once_at_the_latest_of_them_and_the_next_is_in_the_future()
    {
        var now = s_noon.AddHours(3).AddSeconds(2);

        var firing = ScheduleFiring.Decide(s_everyFiveSeconds, MissedRunPolicy.RunOnce, s_noon, now);

        Assert.Equal(new ScheduleFiring(s_noon.AddHours(3), s_noon.AddHours(3).AddSeconds(5)), firing);
    }

    [Fact]
    public void Missed_occurrences_are_skipped_when_the_schedule_says_so()
    {
        var hourly = ScheduleCron.Parse("0 * * * *", "UTC");
        var now = s_noon.AddHours(3).AddMinutes(20);

        var firing = ScheduleFiring.Decide(hourly, MissedRunPolicy.Skip, s_noon, now);

        Assert.Equal(new ScheduleFiring(null, s_noon.AddHours(4)), firing);
    }

    // A clock that jumps back leaves NextRunAt ahead of now: nothing is due, so nothing fires
    // again; once the clock passes NextRunAt, the firing is the one that was next.
    [Fact]
    public void After_a_backward_clock_jump_the_next_occurrence_is_still_the_one_after_the_last_fired()
    {
        var first = ScheduleFiring.Decide(s_everyFiveSeconds, MissedRunPolicy.RunOnce, s_noon, s_noon);
        var jumpedBack = s_noon.AddHours(-1);

        Assert.True(first.NextRunAt > jumpedBack);
        var next = ScheduleFiring.Decide(s_everyFiveSeconds, MissedRunPolicy.RunOnce, first.NextRunAt!.Value, first.NextRunAt.Value);
        Assert.Equal(s_noon.AddSeconds(5), next.Occurrence);
    }

    [Fact]
    public void Occurrences_follow_the_time_zone_across_a_daylight_saving_change()
    {
        var nineInParis = ScheduleCron.Parse("0 9 * * *", "Europe/Paris");

        var upcoming = nineInParis.Upcoming(nineInParis.NextAfter(new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero))!.Value, 2);

        // 09:00 CET is 08:00 UTC; from 29 March, 09:00 CEST is 07:00 UTC.
        Assert.Equal([new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero)], upcoming);
    }

    [Theory]
    [InlineData("* * * *", "UTC", "cron")]
    [InlineData("* * * * * * *", "UTC", "cron")]
    [InlineData("61 * * * *", "UTC", "cron")]
    [InlineData("0 0 30 2 *", "UTC", "cron")]
    [InlineData("*/5 * * * * *", "Mars/Olympus_Mons", "timeZone")]
    public void A_bad_cron_or_time_zone_is_named(string cron, string timeZone, string field)
    {
        var errors = new InputErrors();

        var parsed = ScheduleCron.TryParse(cron, timeZone, s_noon, errors);

        Assert.Null(parsed);
        Assert.Equal([field], errors.ToDictionary().Keys);
    }
}
