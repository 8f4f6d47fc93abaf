using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Components.Tasks;

namespace TaskQueue.Tests.Components;

public sealed class NewTaskFormTests
{
    [Fact]
    public void The_prefilled_script_is_valid_and_becomes_one_script_task()
    {
        var form = new NewTaskForm().Validate();

        Assert.True(form.IsValid);
        var task = Assert.Single(form.ToTasks());
        Assert.Equal(TaskTypes.Script, task.Type);
        Assert.Equal(NewTaskForm.ExampleScript, task.Input.GetProperty("code").GetString());
    }

    [Fact]
    public void Run_after_seconds_delays_the_task_and_a_negative_delay_is_reported_on_its_field()
    {
        var delayed = new NewTaskForm { RunAfterSeconds = 30 }.Validate();
        var negative = new NewTaskForm { RunAfterSeconds = -1 }.Validate();

        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(delayed.ToTasks()).Delay);
        Assert.False(negative.IsValid);
        Assert.StartsWith("delaySeconds must be from 0 to", negative.ErrorFor("delaySeconds"));
    }

    [Fact]
    public void Run_at_schedules_the_task_with_its_priority_and_not_together_with_a_delay()
    {
        var at = new NewTaskForm { RunAtUtc = "2027-01-02T03:04:00.000Z", Priority = TaskPriority.High }.Validate();
        var both = new NewTaskForm { RunAtUtc = "2027-01-02T03:04:00.000Z", RunAfterSeconds = 5 }.Validate();

        var task = Assert.Single(at.ToTasks());
        Assert.Equal(new DateTimeOffset(2027, 1, 2, 3, 4, 0, TimeSpan.Zero), task.RunAt);
        Assert.Equal(TaskPriority.High, task.Priority);
        Assert.False(both.IsValid);
        Assert.Equal("Give runAt or delaySeconds, not both.", both.ErrorFor("runAt"));
    }

    [Fact]
    public void An_empty_script_is_reported_on_the_code_field()
    {
        var form = new NewTaskForm { Code = "   " }.Validate();

        Assert.False(form.IsValid);
        Assert.Equal("Code is required.", form.ErrorFor("code"));
        Assert.Empty(form.ToTasks());
    }

    [Theory]
    [InlineData(null, "n is required.")]
    [InlineData(-1, "n must be a whole number from 0 to 100000.")]
    [InlineData(100_001, "n must be a whole number from 0 to 100000.")]
    public void Fibonacci_n_outside_the_api_limits_is_rejected_in_plain_words(int? n, string message)
    {
        var form = new NewTaskForm { Type = TaskTypes.Fibonacci, N = n }.Validate();

        Assert.False(form.IsValid);
        Assert.Equal(message, form.ErrorFor("n"));
    }

    [Fact]
    public void Copies_submit_that_many_identical_tasks_with_the_default_name()
    {
        var form = new NewTaskForm { Type = TaskTypes.Fibonacci, N = 30, Copies = 25 }.Validate();

        var tasks = form.ToTasks();
        Assert.Equal(25, tasks.Count);
        Assert.All(tasks, task => Assert.Equal("fibonacci(30)", task.Name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(1001)]
    public void Copies_must_be_from_1_to_1000(int? copies)
    {
        var form = new NewTaskForm { Copies = copies }.Validate();

        Assert.False(form.IsValid);
        Assert.Equal("Copies must be a whole number from 1 to 1000.", form.ErrorFor("copies"));
    }

    [Fact]
    public void Simulation_defaults_are_valid_and_an_emptied_field_falls_back_to_its_default()
    {
        var form = new NewTaskForm { Type = TaskTypes.Simulation, Steps = null, Seed = 7 }.Validate();

        var task = Assert.Single(form.ToTasks());
        Assert.False(task.Input.TryGetProperty("steps", out _));
        Assert.Equal(7, task.Input.GetProperty("seed").GetInt32());
        Assert.Equal(SimulationInput.DefaultDrift, task.Input.GetProperty("drift").GetDouble());
    }

    [Fact]
    public void Simulation_errors_land_on_the_offending_parameter()
    {
        var form = new NewTaskForm { Type = TaskTypes.Simulation, Volatility = -1, Seconds = 601 }.Validate();

        Assert.Equal("volatility must be a number from 0 to 10.", form.ErrorFor("volatility"));
        Assert.Equal("seconds must be a number from 0 to 600.", form.ErrorFor("seconds"));
        Assert.Null(form.ErrorFor("drift"));
    }

    [Theory]
    [InlineData("hello", "That is not valid JSON. Text needs quotes, like \"hello\".")]
    [InlineData("", "A value is required: any JSON, such as 42, \"text\" or {\"a\": 1}.")]
    public void Echo_value_must_be_json(string value, string message)
    {
        var form = new NewTaskForm { Type = TaskTypes.Echo, EchoValue = value }.Validate();

        Assert.False(form.IsValid);
        Assert.Equal(message, form.ErrorFor("value"));
    }

    [Fact]
    public void Echo_sends_the_parsed_json_value()
    {
        var form = new NewTaskForm { Type = TaskTypes.Echo, EchoValue = "[1, \"two\"]" }.Validate();

        var task = Assert.Single(form.ToTasks());
        Assert.Equal("""[1,"two"]""", task.Input.GetProperty("value").GetRawText());
    }

    [Fact]
    public void Name_and_max_attempts_use_the_api_rules()
    {
        var form = new NewTaskForm { Name = new string('n', TaskLimits.MaxNameLength + 1), MaxAttempts = 11 }.Validate();

        Assert.Equal("name must be at most 200 characters.", form.ErrorFor("name"));
        Assert.Equal("maxAttempts must be from 1 to 10.", form.ErrorFor("maxAttempts"));
    }
}
