using TaskQueue.Worker.Handlers;

namespace TaskQueue.Tests.Unit;

public sealed class ScriptHandlerTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("let s = 0; for (let i = 1; i <= 10; i++) s += i; s", "55")]
    [InlineData("'abc'.toUpperCase()", "\"ABC\"")]
    [InlineData("({ a: 1, b: [true, null] })", "{\"a\":1,\"b\":[true,null]}")]
    [InlineData("Math.sqrt(2) > 1", "true")]
    [InlineData("undefined", "null")]
    [InlineData("function f(n) { return n < 2 ? n : f(n - 1) + f(n - 2); } f(20)", "6765")]
    public void The_value_of_the_last_expression_is_the_result(string code, string json) =>
        Assert.Equal(json, ScriptHandler.Run(code, s_limit, CancellationToken.None).GetRawText());

    [Theory]
    [InlineData("throw new Error('boom')", "The script threw: ")]
    [InlineData("1 / 0", "not a finite number")]
    [InlineData("NaN", "not a finite number")]
    [InlineData("let x = ;", "not valid JavaScript")]
    [InlineData("while (true) {}", "time limit")]
    [InlineData("function r() { return r(); } r()", "recursion limit")]
    [InlineData("let a = []; while (true) a.push(new Array(100000).fill(1));", "limit")]
    public void Failures_say_why(string code, string reason)
    {
        var failure = Assert.Throws<TaskFailedException>(() => ScriptHandler.Run(code, s_limit, CancellationToken.None));

        Assert.Contains(reason, failure.Message);
        Assert.True(failure.Permanent);
    }

    [Fact]
    public void A_script_over_its_statement_limit_fails_saying_so()
    {
        var failure = Assert.Throws<TaskFailedException>(() =>
            ScriptHandler.Run("let i = 0; while (true) { i++; }", TimeSpan.FromSeconds(30), CancellationToken.None, statementLimit: 10_000));

        Assert.Contains("statement limit (10,000 statements)", failure.Message);
    }

    [Theory]
    [InlineData("typeof System")]
    [InlineData("typeof importNamespace")]
    [InlineData("typeof require")]
    [InlineData("typeof fetch")]
    [InlineData("typeof setTimeout")]
    public void Scripts_have_no_host_access(string probe) =>
        Assert.Equal("\"undefined\"", ScriptHandler.Run(probe, s_limit, CancellationToken.None).GetRawText());

    [Fact]
    public void Each_script_runs_in_a_fresh_engine()
    {
        ScriptHandler.Run("globalThis.leak = 42; 1", s_limit, CancellationToken.None);

        Assert.Equal("\"undefined\"", ScriptHandler.Run("typeof leak", s_limit, CancellationToken.None).GetRawText());
    }

    [Fact]
    public void Cancellation_stops_a_running_script()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(() => ScriptHandler.Run("while (true) {}", TimeSpan.FromSeconds(30), cancellation.Token));
    }

    [Theory]
    [InlineData("""{"previous":"55"}""", "previous * 2", "110")]
    [InlineData("""{"results":["55","89","144"]}""", "results.reduce((a, b) => a + Number(b), 0)", "288")]
    [InlineData("""{"previous":{"a":[1,2]}}""", "previous.a.length", "2")]
    [InlineData("""{"previous":"x"}""", "typeof results", "\"undefined\"")]
    [InlineData(null, "typeof previous + typeof results", "\"undefinedundefined\"")]
    public void A_workflow_step_sees_previous_and_results_as_globals(string? context, string code, string json)
    {
        var workflowContext = context is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonDocument.Parse(context).RootElement;

        Assert.Equal(json, ScriptHandler.Run(code, s_limit, CancellationToken.None, workflowContext: workflowContext).GetRawText());
    }
}
