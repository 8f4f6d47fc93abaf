using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// Deleting from the list takes a selection and a confirmation, and removes only what was selected.
[Collection(BrowserCollection.Name)]
public sealed class DeleteTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Two_selected_rows_are_deleted_after_confirming_and_the_third_stays()
    {
        await using var user = await fixture.NewUserAsync();
        var name = $"del-{Guid.NewGuid():N}"[..12];
        await fixture.ExplainFailureAsync(user, async () =>
        {
            var tasks = await user.OpenTasksAsync();

            var dialog = await tasks.OpenNewTaskDialogAsync();
            await dialog.ChooseTypeAsync("echo");
            await dialog.NameAsync(name);
            await dialog.EchoValueAsync("\"bye\"");
            await dialog.CopiesAsync(3);
            await dialog.CreateAsync();

            await tasks.SearchAsync(name);
            var rows = tasks.RowsNamed(name);
            await Expect(TasksPage.WithStatus(rows, "Finished")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
            var doomed = new[] { await tasks.IdOfAsync(rows.Nth(0)), await tasks.IdOfAsync(rows.Nth(1)) };
            var kept = await tasks.IdOfAsync(rows.Nth(2));

            await tasks.SelectAsync(tasks.Row(doomed[0]));
            await tasks.SelectAsync(tasks.Row(doomed[1]));
            await Expect(user.Page.GetByTestId("selection-count")).ToHaveTextAsync("2 selected");
            await user.Page.GetByTestId("delete-selected").ClickAsync();
            await Expect(user.Page.GetByTestId("confirm-dialog")).ToContainTextAsync("Delete 2 tasks?");
            await user.Page.GetByTestId("confirm-delete").ClickAsync();
            await Expect(user.Page.Locator(".mud-snackbar").Filter(new() { HasText = "Deleted 2 tasks." })).ToBeVisibleAsync();

            await Expect(tasks.Row(doomed[0])).ToHaveCountAsync(0);
            await Expect(tasks.Row(doomed[1])).ToHaveCountAsync(0);
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(tasks.Row(kept)).ToBeVisibleAsync();
            await Expect(user.Page.GetByTestId("selection-count")).ToHaveTextAsync("");
        });

        // Gone for good, not just from this screen: another user does not see them either.
        await using var other = await fixture.NewUserAsync();
        var otherTasks = await other.OpenTasksAsync();
        await otherTasks.SearchAsync(name);
        await Expect(otherTasks.RowsNamed(name)).ToHaveCountAsync(1);
        await user.AssertNoErrorBarAsync();
    }
}
