using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.Reliability;

// design.md's guarantees under fire: while ~2,000 tasks are submitted and run, workers are
// killed (-9) again and again, the sink twice, the web app once in the middle of a batch
// enqueue, and the broker restarts once. Afterwards every accepted task is terminal, none is
// lost, and none has two different outcomes.
[Collection(SystemCollection.Name)]
public sealed class ChaosTests(SystemFixture system, ITestOutputHelper output)
{
    private const int Batches = 20;
    private const int BatchSize = 100;

    [Fact]
    public async Task Killing_every_part_loses_nothing_and_decides_each_task_once()
    {
        var clock = Stopwatch.StartNew();
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 3, failureRate: 0.2);
        var accepted = new ConcurrentBag<Guid>();
        var random = new Random(20261123);
        var figures = new ChaosFigures();

        var producer = ProduceAsync(pipeline, accepted, figures);
        await RunChaosAsync(pipeline, producer, random, figures);
        await producer;

        var ids = accepted.ToList();
        try
        {
            await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            await DescribeStuckTasksAsync(pipeline);
            throw;
        }

        await using var db = pipeline.CreateDb();
        var tasks = await db.Tasks.AsNoTracking().Include(task => task.Attempts).ToListAsync();
        var byId = tasks.ToDictionary(task => task.Id);

        Assert.All(ids, id => Assert.True(byId.ContainsKey(id), $"accepted task {id} was lost"));
        Assert.All(tasks, task => Assert.True(task.Status.IsTerminal(), $"task {task.Id} is still {task.Status}"));
        Assert.All(tasks, task =>
        {
            var finishes = task.Attempts.Count(attempt => attempt.Outcome == AttemptOutcome.Finished);
            Assert.True(task.Status == TaskItemStatus.Finished ? finishes == 1 : finishes == 0,
                $"task {task.Id} is {task.Status} with {finishes} finished attempts");
        });

        var counts = tasks.Where(task => accepted.Contains(task.Id)).GroupBy(task => task.Status).ToDictionary(group => group.Key, group => group.Count());
        output.WriteLine(
            $"chaos: accepted={ids.Count} (+{tasks.Count - ids.Count} committed but unacknowledged) finished={counts.GetValueOrDefault(TaskItemStatus.Finished)} " +
            $"failed={counts.GetValueOrDefault(TaskItemStatus.Failed)} cancelled={counts.GetValueOrDefault(TaskItemStatus.Cancelled)} " +
            $"redelivered={tasks.Sum(task => task.Attempts.Count(attempt => attempt.Redelivered))} lost-executions={tasks.Sum(task => task.Attempts.Count(attempt => attempt.Outcome == AttemptOutcome.Lost))} " +
            $"retries={tasks.Sum(task => Math.Max(0, task.Attempt - 1))} worker-kills={figures.WorkerKills} sink-kills={figures.SinkKills} web-kills={figures.WebKills} " +
            $"broker-restarts={figures.BrokerRestarts} rejected-batches={figures.RejectedBatches} seconds={clock.Elapsed.TotalSeconds:0}");
        Assert.True(ids.Count >= (Batches - 1) * BatchSize);
    }

    private async Task DescribeStuckTasksAsync(Pipeline pipeline)
    {
        await using var db = pipeline.CreateDb();
        var stuck = await db.Tasks.AsNoTracking().Include(task => task.Attempts).Where(task =>
            task.Status != TaskItemStatus.Finished && task.Status != TaskItemStatus.Failed && task.Status != TaskItemStatus.Cancelled).Take(5).ToListAsync();
        foreach (var task in stuck)
        {
            output.WriteLine($"stuck {task.Id} {task.Type} {task.Status} attempt {task.Attempt}/{task.MaxAttempts} next {task.NextAttemptAt:O} error {task.Error}");
            foreach (var attempt in task.Attempts)
            {
                output.WriteLine($"   attempt {attempt.Attempt} {attempt.WorkerId} {attempt.Outcome} {attempt.StartedAt:O} {attempt.FinishedAt:O} redelivered={attempt.Redelivered}");
            }
        }

        await using var broker = await RawBroker.ConnectAsync(pipeline.MessagingConnectionString);
        foreach (var queue in new[] { "taskqueue.tasks", "taskqueue.sink", "taskqueue.dead-letters", "taskqueue.retry.1s", "taskqueue.retry.5s", "taskqueue.retry.30s" })
        {
            output.WriteLine($"queue {queue}: {await broker.MessageCountAsync(queue)} messages");
        }

        output.WriteLine($"dead letters recorded: {await db.DeadLetters.CountAsync()}; first: {(await db.DeadLetters.FirstOrDefaultAsync())?.Reason}");
    }

    private static async Task ProduceAsync(Pipeline pipeline, ConcurrentBag<Guid> accepted, ChaosFigures figures)
    {
        for (var batch = 0; batch < Batches; batch++)
        {
            var tasks = Enumerable.Range(batch * BatchSize, BatchSize).Select(MakeTask).ToList();
            if (batch == Batches / 2)
            {
                // The web app dies while this batch is being written: the client either got
                // 202 (the tasks count as accepted) or an error (they do not).
                var submit = pipeline.Api.PostAsJsonAsync("/api/tasks/batch", new { tasks });
                await Task.Delay(5);
                await pipeline.Web.KillAsync();
                figures.WebKills++;
                await RecordAsync(submit, accepted, figures);
                await pipeline.RestartWebAsync();
                continue;
            }

            await RecordAsync(pipeline.Api.PostAsJsonAsync("/api/tasks/batch", new { tasks }), accepted, figures);
            await Task.Delay(500);
        }
    }

    private static async Task RecordAsync(Task<HttpResponseMessage> submit, ConcurrentBag<Guid> accepted, ChaosFigures figures)
    {
        try
        {
            using var response = await submit;
            if (!response.IsSuccessStatusCode)
            {
                figures.RejectedBatches++;
                return;
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var id in body.GetProperty("ids").EnumerateArray())
            {
                accepted.Add(id.GetGuid());
            }
        }
        catch (HttpRequestException)
        {
            figures.RejectedBatches++;
        }
    }

    private async Task RunChaosAsync(Pipeline pipeline, Task producer, Random random, ChaosFigures figures)
    {
        var step = 0;
        while (!producer.IsCompleted || step < 12)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(700, 1300)));
            step++;
            switch (step)
            {
                case 3 or 9:
                    await pipeline.Sink.KillAsync();
                    figures.SinkKills++;
                    await Task.Delay(500);
                    await pipeline.RestartSinkAsync();
                    break;
                case 6:
                    await system.Broker.RestartAsync();
                    figures.BrokerRestarts++;
                    break;
                default:
                    var alive = pipeline.Workers.Where(worker => !worker.HasExited).ToList();
                    await alive[random.Next(alive.Count)].KillAsync();
                    figures.WorkerKills++;
                    await pipeline.StartWorkerAsync();
                    break;
            }
        }
    }

    private static object MakeTask(int index) => (index % 20) switch
    {
        0 or 1 => new { type = "simulation", input = (object)new { steps = 5, seconds = 0.5 }, maxAttempts = 3 },
        2 => new { type = "fibonacci", input = new { n = 5000 }, maxAttempts = 3 },
        _ => new { type = "echo", input = new { value = index }, maxAttempts = 3 },
    };

    private sealed class ChaosFigures
    {
        public int WorkerKills;
        public int SinkKills;
        public int WebKills;
        public int BrokerRestarts;
        public int RejectedBatches;
    }
}
