using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Tests.Infrastructure;
using TaskQueue.Web.Services;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// An operator watches the whole system at work on the Operations page, live: the workers, the
// tasks queue filling and draining, throughput, and dead letters requeued and discarded.
[Collection(BrowserCollection.Name)]
public sealed class OperationsTests(BrowserFixture fixture)
{
    private const int SlowTasks = 150;

    [Fact]
    public async Task An_operator_sees_three_workers_a_changing_queue_and_handles_dead_letters()
    {
        await using var user = await fixture.NewUserAsync();
        var operations = await user.OpenOperationsAsync();
        await user.MarkWindowAsync();
        await Expect(operations.AliveWorkers).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Expect(operations.QueueConsumers(Topology.TasksQueue)).ToHaveTextAsync("3");

        // Two messages no worker can process: a work order for a real task that lacks its type,
        // and bytes that are not JSON at all.
        var echo = await CreateAsync("echo", new { value = "dead-letter me" });
        await WaitForStatusAsync(echo, "Finished");
        await using (var broker = await RawBroker.ConnectAsync(fixture.MessagingConnectionString))
        {
            var orphanedOrder = new TaskQueued(echo, "", JsonSerializer.SerializeToElement(new { }), 1, 1, 60, DateTimeOffset.UtcNow);
            await broker.PublishAsync(Topology.TasksExchange, Topology.TaskRoutingKey, nameof(TaskQueued), MessageSerializer.Serialize(orphanedOrder));
            await broker.PublishAsync(Topology.TasksExchange, Topology.TaskRoutingKey, nameof(TaskQueued), Encoding.UTF8.GetBytes("not json at all"));
        }

        await Expect(operations.DeadLetterFor(echo)).ToHaveCountAsync(1);
        await Expect(operations.DeadLetterWithBody("not json at all")).ToHaveCountAsync(1);

        // More slow work than 3 workers × 16 slots take at once: the queue fills, then drains.
        // Its depth counts messages, and one request's tasks travel in bundles at first.
        var slow = await SubmitAsync(Enumerable.Range(1, SlowTasks).Select(i => (object)new { type = "simulation", name = $"ops sim {i}", input = new { seconds = 6, steps = 300 } }));
        try
        {
            var depth = operations.QueueDepth(Topology.TasksQueue);
            var messages = (int)Math.Ceiling((double)SlowTasks / new OutboxOptions().TasksPerMessage);
            await OperationsPage.WaitForNumberAsync(depth, value => value >= messages / 2, TimeSpan.FromSeconds(30));
            await OperationsPage.WaitForNumberAsync(operations.FinishedTotal, value => value >= 40, TimeSpan.FromSeconds(60));
            // The first wave has finished and over 100 tasks are left: 12 s of work or more, so
            // the workers are busy now, whatever moment the waits below end at.
            await Expect(operations.Page.GetByTestId("worker-current-task").First).ToBeVisibleAsync();
            await Expect(operations.Page.GetByTestId("latency-table")).ToBeVisibleAsync();
            // By now the tasks of each bundle that found no slot within a second have gone back
            // to the queue alone (Worker:BundleWaitLimitSeconds); it drains as they finish. The
            // tasks run in waves of 48 (6 s each), read every 2 s from statistics the broker
            // refreshes every 5 s, so the depth may fall from this reading to nothing in one step.
            var busy = await OperationsPage.WaitForNumberAsync(depth, value => value > 0, TimeSpan.FromSeconds(30));
            await OperationsPage.WaitForNumberAsync(depth, value => value < busy, TimeSpan.FromSeconds(30));
            await user.AssertNoErrorBarAsync();
            await ScreenshotAsync(user.Page);

            await operations.RequeueAsync(operations.DeadLetterFor(echo));
            await Expect(operations.DeadLetterFor(echo)).ToHaveCountAsync(0);
            var rerun = await WaitForStatusAsync(echo, "Finished", attempt: 2);
            Assert.Equal("dead-letter me", rerun.GetProperty("result").GetString());

            await operations.DiscardAsync(operations.DeadLetterWithBody("not json at all"));
            await Expect(operations.Page.GetByTestId("dead-letters-empty")).ToBeVisibleAsync();
            await OperationsPage.WaitForNumberAsync(depth, value => value == 0, TimeSpan.FromSeconds(90));
            await user.AssertWindowNotReloadedAsync();
            await user.AssertNoErrorBarAsync();
        }
        finally
        {
            // Later tests should not wait behind what is left of the slow tasks.
            foreach (var id in slow)
            {
                using var _ = await fixture.Api.PostAsync($"/api/tasks/{id}/cancel", null);
            }
        }
    }

    private static async Task ScreenshotAsync(IPage page)
    {
        var folder = ScreenshotFolder.Path;
        // The heading has focus after navigating (for screen readers); its outline is noise here.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        var file = Path.Combine(folder, "operations.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(file).Length > 10_000, "operations.png is (nearly) empty");
    }

    private async Task<Guid> CreateAsync(string type, object input)
    {
        using var response = await fixture.Api.PostAsJsonAsync("/api/tasks", new { type, name = $"ops {type}", input, maxAttempts = 1 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<IReadOnlyList<Guid>> SubmitAsync(IEnumerable<object> tasks)
    {
        using var response = await fixture.Api.PostAsJsonAsync("/api/tasks/batch", new { tasks });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(id => id.GetGuid()).ToList();
    }

    private async Task<JsonElement> WaitForStatusAsync(Guid id, string status, int attempt = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        JsonElement task;
        do
        {
            task = await fixture.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}");
            if (task.GetProperty("status").GetString() == status && task.GetProperty("attempt").GetInt32() == attempt)
            {
                return task;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Task {id} never reached {status} in attempt {attempt}: {task}");
    }
}
