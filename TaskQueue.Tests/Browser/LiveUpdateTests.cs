using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// Every open browser sees every change: one user creates, another one watches.
[Collection(BrowserCollection.Name)]
public sealed class LiveUpdateTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_second_user_sees_a_task_created_by_the_first_appear_and_finish_without_reloading()
    {
        await using var watcher = await fixture.NewUserAsync();
        // A failure says what the watcher was shown and what the web app logged.
        await fixture.ExplainFailureAsync(watcher, async () =>
        {
            var watched = await watcher.OpenTasksAsync();
            await watcher.MarkWindowAsync();

            await using var creator = await fixture.NewUserAsync();
            var tasks = await creator.OpenTasksAsync();
            var name = $"live-{Guid.NewGuid():N}"[..12];
            await Expect(watched.RowsNamed(name)).ToHaveCountAsync(0);

            var dialog = await tasks.OpenNewTaskDialogAsync();
            await dialog.ChooseTypeAsync("fibonacci");
            await dialog.NameAsync(name);
            await dialog.FibonacciNAsync(90);
            await dialog.CreateAsync();

            var row = watched.RowsNamed(name);
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToHaveAttributeAsync("data-status", "Finished", new() { Timeout = 60_000 });
            // Whole numbers are never rounded: the cell shows F(90) exactly, and so does its tooltip.
            await Expect(row.GetByTestId("task-result")).ToHaveTextAsync("2880067194370816120");
            await Expect(row.GetByTestId("task-result")).ToHaveAttributeAsync("title", "2880067194370816120");
            await watcher.AssertWindowNotReloadedAsync();
            await watcher.AssertNoErrorBarAsync();

            // The task's name opens its page, as its short id does.
            var id = await row.GetAttributeAsync("data-task-id");
            await tasks.Row(Guid.Parse(id!)).GetByTestId("task-name-link").ClickAsync();
            await Expect(tasks.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tasks/{id}$"));
        });
    }
}
