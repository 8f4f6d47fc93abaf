using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

[Collection(SystemCollection.Name)]
public sealed class FailureInjectionTests(SystemFixture system)
{
    [Fact]
    public async Task A_failure_rate_of_0_4_fails_about_40_percent_and_says_so()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 2, failureRate: 0.4);
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 400).Select(i => new { type = "echo", input = new { value = i }, maxAttempts = 1 }));

        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(90));

        // Binomial(400, 0.4): a standard deviation of 2.4 points, so 30–50 % is ±4 of them.
        var failed = counts.GetValueOrDefault(TaskItemStatus.Failed);
        Assert.InRange(failed / 400.0, 0.30, 0.50);
        Assert.Equal(400, failed + counts.GetValueOrDefault(TaskItemStatus.Finished));
        await using var db = pipeline.CreateDb();
        var errors = db.Tasks.Where(task => task.Status == TaskItemStatus.Failed).Select(task => task.Error).ToList();
        Assert.All(errors, error => Assert.Contains("Injected failure", error));
    }

    [Fact]
    public async Task Injected_failures_are_retried_until_an_attempt_succeeds_or_the_budget_is_spent()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 2, failureRate: 0.4);
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 100).Select(i => new { type = "echo", input = new { value = i }, maxAttempts = 3 }));

        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(120));

        // Three attempts at 40 % failure each leave 0.4³ = 6.4 % failed (σ ≈ 2.4 points).
        Assert.InRange(counts.GetValueOrDefault(TaskItemStatus.Finished), 85, 100);
        await using var db = pipeline.CreateDb();
        var tasks = db.Tasks.Where(task => ids.Contains(task.Id)).ToList();
        var history = db.Attempts.Where(attempt => ids.Contains(attempt.TaskId)).ToList().ToLookup(attempt => attempt.TaskId);
        var recovered = tasks.Where(task => task.Status == TaskItemStatus.Finished && task.Attempt > 1).ToList();
        Assert.NotEmpty(recovered);
        Assert.All(recovered, task =>
        {
            var attempts = history[task.Id].OrderBy(attempt => attempt.Attempt).ToList();
            Assert.Equal(task.Attempt, attempts.Count);
            Assert.All(attempts.SkipLast(1), attempt => Assert.Equal(AttemptOutcome.Failed, attempt.Outcome));
            Assert.Equal(AttemptOutcome.Finished, attempts[^1].Outcome);
        });
        Assert.All(tasks.Where(task => task.Status == TaskItemStatus.Failed), task =>
        {
            Assert.Equal(3, task.Attempt);
            Assert.Equal(3, history[task.Id].Count());
        });
    }
}
