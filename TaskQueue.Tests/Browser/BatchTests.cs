using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// A batch followed, retried and cancelled as one from its page, and the copies of New task
// made into a batch the notice leads to.
[Collection(BrowserCollection.Name)]
public sealed class BatchTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Copies_from_new_task_are_one_batch_whose_page_shows_its_progress_live()
    {
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();
        var dialog = await tasks.OpenNewTaskDialogAsync();
        await dialog.ChooseTypeAsync("fibonacci");
        await dialog.NameAsync($"copies-{Guid.NewGuid():N}"[..14]);
        await dialog.FibonacciNAsync(20);
        await dialog.CopiesAsync(3);
        await dialog.CreateAsync();

        var notice = user.Page.Locator(".mud-snackbar").Filter(new() { HasText = "Queued 3 tasks as one batch" });
        await notice.GetByRole(AriaRole.Button, new() { Name = "View batch" }).ClickAsync();

        await Expect(user.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/batches/[0-9a-f-]{36}$"));
        await Expect(user.Page.GetByTestId("batch-progress-text")).ToHaveTextAsync("3 of 3 finished");
        await Expect(user.Page.GetByTestId("batch-status")).ToHaveAttributeAsync("data-status", "Finished");
        await Expect(user.Page.GetByTestId("task-row")).ToHaveCountAsync(3);
        await AxeScan.AssertAccessibleAsync(user.Page, "a batch's page", output.WriteLine);
    }

    [Fact]
    public async Task A_batch_is_retried_and_cancelled_as_one_from_its_page_and_listed_on_the_batches_page()
    {
        var batchId = await CreateBatchAsync([
            new { type = "script", name = "batch-fails", input = new { code = "throw new Error('again')" }, maxAttempts = 1 },
            new { type = "echo", name = "batch-ok", input = new { value = 1 } },
        ]);
        await using var user = await fixture.NewUserAsync();
        await fixture.ExplainFailureAsync(user, async () =>
        {
            await user.GotoInteractiveAsync($"/batches/{batchId}");
            await Expect(user.Page.GetByTestId("batch-progress-text")).ToHaveTextAsync("1 of 2 finished · 1 failed");

            // The failing script fails again: its retry is a second attempt, the echo keeps its result.
            await user.Page.GetByTestId("batch-retry").ClickAsync();
            await Expect(user.Page.Locator("[data-testid=task-row]").Filter(new() { HasText = "batch-fails" }).GetByTestId("task-attempts"))
                .ToHaveTextAsync("2/1");
            await Expect(user.Page.GetByTestId("batch-progress-text")).ToHaveTextAsync("1 of 2 finished · 1 failed");

            var slow = await CreateBatchAsync([new { type = "simulation", name = "batch-slow", input = new { seconds = 60, steps = 600 } }]);
            await user.GotoInteractiveAsync($"/batches/{slow}");
            await Expect(user.Page.GetByTestId("batch-status")).ToHaveAttributeAsync("data-status", "Running");
            await user.Page.GetByTestId("batch-cancel").ClickAsync();
            await user.Page.GetByTestId("confirm-cancel-batch").ClickAsync();
            await Expect(user.Page.Locator(".mud-snackbar").Filter(new() { HasText = "Cancelling the batch's tasks." })).ToBeVisibleAsync();
            try
            {
                await Expect(user.Page.GetByTestId("batch-status")).ToHaveAttributeAsync("data-status", "Cancelled");
            }
            catch (PlaywrightException stillRunning)
            {
                // Whether the page or the task is behind: the task as the API has it (status, attempt, worker).
                throw new Xunit.Sdk.XunitException(
                    $"{stillRunning.Message}\nThe batch's task now: {await fixture.Api.GetStringAsync($"/api/tasks?batchId={slow}")}");
            }

            await user.GotoInteractiveAsync("/batches");
            await Expect(user.Page.Locator($"[data-testid=batch-row][data-batch-id='{slow}'] [data-testid=batch-status]"))
                .ToHaveAttributeAsync("data-status", "Cancelled");
        });

        await AxeScan.AssertAccessibleAsync(user.Page, "the batches page", output.WriteLine);
    }

    private async Task<Guid> CreateBatchAsync(object[] tasks)
    {
        using var response = await fixture.Api.PostAsJsonAsync("/api/tasks/batch", new { tasks });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();
    }
}
