using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Components.Schedules;

namespace TaskQueue.Tests.Components;

// The New schedule dialog's form validates through the API's validator: the same fields are
// named, and a valid form is exactly what POST /api/schedules would create.
public sealed class NewScheduleFormTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_named_form_with_its_defaults_is_an_hourly_echo_schedule_in_utc()
    {
        var form = new NewScheduleForm { Name = "hourly" }.Validate(s_now);

        var schedule = form.ToSchedule();
        Assert.NotNull(schedule);
        Assert.Equal(("hourly", "0 * * * *", "UTC", MissedRunPolicy.RunOnce, TaskTypes.Echo), (schedule.Name, schedule.Cron, schedule.TimeZone, schedule.MissedRuns, schedule.Task.Type));
        Assert.Equal(s_now.AddHours(1), schedule.Parsed.NextAfter(s_now));
    }

    [Fact]
    public void Each_bad_field_is_named_as_the_api_names_it()
    {
        var form = new NewScheduleForm { Name = "", Cron = "soon", TimeZone = "Atlantis/Capital", MissedRuns = "skip" };
        form.Type = TaskTypes.Fibonacci;
        form.Input = """{ "n": -1 }""";

        form.Validate(s_now);

        Assert.False(form.IsValid);
        Assert.Null(form.ToSchedule());
        Assert.NotNull(form.ErrorFor("name"));
        Assert.NotNull(form.ErrorFor("cron"));
        Assert.NotNull(form.ErrorFor("timeZone"));
        Assert.NotNull(form.ErrorFor("task.input.n"));
    }

    [Fact]
    public void Choosing_a_type_starts_from_its_example_input_unless_the_input_was_edited()
    {
        var form = new NewScheduleForm { Name = "s" };
        form.Type = TaskTypes.Fibonacci;
        var example = form.Input;
        form.Input = """{ "n": 7 }""";
        form.Type = TaskTypes.Echo;

        Assert.Contains("\"n\"", example);
        Assert.Equal("""{ "n": 7 }""", form.Input);
        Assert.Equal("The input is not valid JSON, e.g. { \"n\": 50 }.", new NewScheduleForm { Name = "s", Input = "{" }.Validate(s_now).ErrorFor("task.input"));
    }
}
