using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// Takes the README's pictures of the running system, checking first that each one shows what
// its caption says. The tasks behind them are made through the API: the pictures are the point.
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture fixture)
{
    private const string DialogCode =
        """
        // The value of the last expression is the result.
        let s = 0;
        for (let i = 1; i <= 10; i++) s += i;
        s
        """;

    [Fact]
    public async Task The_tasks_page_the_new_task_dialog_and_a_failed_task_are_photographed()
    {
        var folder = ScreenshotFolder.Path;
        var finished = new[]
        {
            await CreateAsync("sum 1..10", "script", new { code = "let s = 0; for (let i = 1; i <= 10; i++) s += i; s" }),
            await CreateAsync("fibonacci(100)", "fibonacci", new { n = 100 }),
        };
        var failed = await CreateAsync("kaboom", "script", new { code = "throw new Error('kaboom')" });
        var simulations = new List<Guid>();
        try
        {
            await using var user = await fixture.NewUserAsync();
            var tasks = await user.OpenTasksAsync();
            foreach (var id in finished)
            {
                await Expect(tasks.Row(id)).ToHaveAttributeAsync("data-status", "Finished", new() { Timeout = 60_000 });
            }

            await Expect(tasks.Row(failed)).ToHaveAttributeAsync("data-status", "Failed", new() { Timeout = 60_000 });

            // Long enough to be photographed mid-run, with their progress bars.
            foreach (var name in new[] { "gbm market A", "gbm market B", "gbm market C" })
            {
                simulations.Add(await CreateAsync(name, "simulation", new { seconds = 20, steps = 2000 }));
            }

            await user.Page.WaitForFunctionAsync(
                "() => [...document.querySelectorAll('[data-testid=task-progress]')].filter(bar => Number(bar.getAttribute('aria-valuenow')) >= 25).length >= 2",
                null, new PageWaitForFunctionOptions { Timeout = 30_000 });
            await Expect(tasks.Row(simulations[0])).ToHaveAttributeAsync("data-status", "Running");
            await Expect(tasks.Row(simulations[1])).ToHaveAttributeAsync("data-status", "Running");
            await user.AssertNoErrorBarAsync();
            await user.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "tasks.png"), Animations = ScreenshotAnimations.Disabled });

            var dialog = await tasks.OpenNewTaskDialogAsync();
            await dialog.ChooseTypeAsync("script");
            await dialog.CodeAsync(DialogCode);
            // Moving on to the name closes the completion list that typing the last line opened.
            await dialog.NameAsync("sum 1..10");
            await Expect(dialog.CodeEditor.Locator(".suggest-widget.visible")).ToHaveCountAsync(0);
            await Expect(dialog.CodeEditor.Locator(".view-lines")).ToContainTextAsync("The value of the last expression");
            await Expect(dialog.Root.GetByTestId("new-task-create")).ToBeEnabledAsync();
            await user.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "new-task-dialog.png"), Animations = ScreenshotAnimations.Disabled });
            await dialog.CancelAsync();

            var details = await user.OpenDetailsAsync(failed);
            await Expect(details.ErrorText).ToContainTextAsync("kaboom");
            await Expect(details.Attempts).ToHaveCountAsync(1);
            await Expect(user.Page.GetByTestId("detail-input").Locator(".view-lines")).ToContainTextAsync("kaboom");
            await user.AssertNoErrorBarAsync();
            // The heading has focus after navigating (for screen readers); its outline is noise here.
            await user.Page.EvaluateAsync("() => document.activeElement?.blur()");
            await user.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "task-details.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        }
        finally
        {
            // The simulations would hold workers for 20 s; later tests should not wait for them.
            foreach (var id in simulations)
            {
                using var _ = await fixture.Api.PostAsync($"/api/tasks/{id}/cancel", null);
            }
        }

        foreach (var file in new[] { "tasks.png", "new-task-dialog.png", "task-details.png" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 10_000, $"{file} is (nearly) empty");
        }
    }

    private async Task<Guid> CreateAsync(string name, string type, object input)
    {
        using var response = await fixture.Api.PostAsJsonAsync("/api/tasks", new { type, name, input, maxAttempts = 1 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
