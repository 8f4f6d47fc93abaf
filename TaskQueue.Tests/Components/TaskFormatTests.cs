using TaskQueue.Web.Components.Tasks;

namespace TaskQueue.Tests.Components;

public sealed class TaskFormatTests
{
    [Theory]
    [InlineData(null, "-")]
    [InlineData("", "-")]
    [InlineData("null", "-")]
    [InlineData("55", "55")]
    [InlineData("97.796512", "97.7965")]
    [InlineData("45000000000", "45000000000")]
    [InlineData("4.5e10", "4.5e+10")]
    [InlineData("0.0001234", "1.234e-4")]
    [InlineData("\"55\"", "55")]
    [InlineData("\"12586269025\"", "12586269025")]
    [InlineData("\"-12586269025\"", "-12586269025")]
    [InlineData("\"2880067194370816120\"", "2880067194370816120")]
    [InlineData("\"hello\"", "hello")]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    [InlineData("{\"value\":97.796512,\"min\":80}", "97.7965")]
    [InlineData("not json", "not json")]
    public void Result_shows_whole_numbers_exactly_and_only_fractions_in_exponential_notation(string? json, string expected) =>
        Assert.Equal(expected, TaskFormat.Result(json));

    [Fact]
    public void A_huge_fibonacci_result_shows_its_leading_digits_and_the_whole_value_on_hover()
    {
        var digits = "2" + new string('7', 20_898);

        Assert.Equal("2" + new string('7', 22) + "…", TaskFormat.Result($"\"{digits}\""));
        Assert.Equal(digits, TaskFormat.FullResult($"\"{digits}\""));
    }

    [Theory]
    [InlineData("\"hello\"", "hello")]
    [InlineData("\"354224848179261915075\"", "354224848179261915075")]
    [InlineData("55", "55")]
    [InlineData(null, "-")]
    public void The_full_result_shows_a_string_without_its_json_quotes(string? json, string expected) =>
        Assert.Equal(expected, TaskFormat.FullResult(json));

    [Fact]
    public void A_long_result_is_cut_to_fit_a_cell()
    {
        var text = TaskFormat.Result($"\"{new string('x', 500)}\"");

        Assert.Equal(80, text.Length);
        Assert.EndsWith("…", text);
    }

    [Fact]
    public void Duration_runs_until_now_while_unfinished_and_is_empty_before_start()
    {
        var start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("-", TaskFormat.Duration(null, null, start));
        Assert.Equal("250 ms", TaskFormat.Duration(start, start.AddMilliseconds(250), start.AddHours(1)));
        Assert.Equal("12.5 s", TaskFormat.Duration(start, null, start.AddSeconds(12.5)));
        Assert.Equal("3 min 5 s", TaskFormat.Duration(start, start.AddSeconds(185), start));
    }

    [Fact]
    public void Short_id_is_the_random_tail_so_tasks_created_together_differ()
    {
        var now = DateTimeOffset.UtcNow;
        var first = Guid.CreateVersion7(now);
        var second = Guid.CreateVersion7(now);

        Assert.Equal(8, TaskFormat.ShortId(first).Length);
        Assert.EndsWith(TaskFormat.ShortId(first), first.ToString("N"));
        Assert.NotEqual(TaskFormat.ShortId(first), TaskFormat.ShortId(second));
    }
}
