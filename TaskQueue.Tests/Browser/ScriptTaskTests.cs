using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// A new user writes a script in the dialog and watches it run, without ever reloading.
[Collection(BrowserCollection.Name)]
public sealed class ScriptTaskTests(BrowserFixture fixture)
{
    private const string SumCode = "let s = 0; for (let i = 1; i <= 10; i++) s += i; s";

    [Fact]
    public async Task A_script_created_in_the_dialog_finishes_live_with_its_result()
    {
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();
        await user.MarkWindowAsync();
        var name = $"sum-{Guid.NewGuid():N}"[..12];

        var dialog = await tasks.OpenNewTaskDialogAsync();
        await dialog.ChooseTypeAsync("script");
        await dialog.NameAsync(name);
        await dialog.CodeAsync(SumCode);
        await dialog.CreateAsync();

        var row = tasks.RowsNamed(name);
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-status", "Finished", new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });
        await Expect(row.GetByTestId("task-result")).ToHaveTextAsync("55");
        await Expect(row.GetByTestId("task-input")).ToContainTextAsync("for (let i = 1");
        await user.AssertWindowNotReloadedAsync();
        await user.AssertNoErrorBarAsync();
    }

    [Fact]
    public async Task A_script_that_throws_fails_and_its_page_shows_the_error()
    {
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();
        var name = $"boom-{Guid.NewGuid():N}"[..12];

        var dialog = await tasks.OpenNewTaskDialogAsync();
        await dialog.ChooseTypeAsync("script");
        await dialog.NameAsync(name);
        await dialog.CodeAsync("throw new Error('kaboom')");
        await dialog.CreateAsync();

        var row = tasks.RowsNamed(name);
        await Expect(row).ToHaveAttributeAsync("data-status", "Failed", new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });

        // The id is read before the click: the row is gone once the task's page opens.
        var id = await tasks.IdOfAsync(row);
        await row.GetByTestId("task-link").ClickAsync();
        await Expect(user.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tasks/{id}$"));
        var details = await TaskDetailsPage.ReadyAsync(user.Page);
        await Expect(details.Name).ToHaveTextAsync(name);
        await Expect(details.Status).ToHaveAttributeAsync("data-status", "Failed");
        await Expect(details.ErrorText).ToContainTextAsync("kaboom");
        await Expect(details.Attempts.First).ToBeVisibleAsync();
        await user.AssertNoErrorBarAsync();
    }
}
