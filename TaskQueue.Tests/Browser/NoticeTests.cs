using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The small things a first-hour user trips on: the "Queued" notice, the button that did
// nothing before the page was ready, a one-line script's page.
[Collection(BrowserCollection.Name)]
public sealed class NoticeTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_queued_notice_does_not_cover_new_task_and_stays_on_the_tasks_page()
    {
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();
        var name = $"notice-{Guid.NewGuid():N}"[..13];

        var dialog = await tasks.OpenNewTaskDialogAsync();
        await dialog.ChooseTypeAsync("fibonacci");
        await dialog.NameAsync(name);
        await dialog.FibonacciNAsync(10);
        await dialog.CreateAsync();

        var notice = user.Page.Locator(".mud-snackbar").Filter(new() { HasText = $"Queued {name}" });
        await Expect(notice).ToBeVisibleAsync();
        var noticeBox = await notice.BoundingBoxAsync();
        var buttonBox = await user.Page.GetByTestId("new-task-button").BoundingBoxAsync();
        Assert.NotNull(noticeBox);
        Assert.NotNull(buttonBox);
        Assert.False(Overlap(noticeBox, buttonBox), $"the notice ({Describe(noticeBox)}) covers New task ({Describe(buttonBox)})");

        // Opening the task at once leaves the notice behind: it was about the list.
        await tasks.RowsNamed(name).GetByTestId("task-name-link").ClickAsync();
        await TaskDetailsPage.ReadyAsync(user.Page);
        await Expect(user.Page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task New_task_is_disabled_and_says_so_until_the_page_is_interactive()
    {
        await using var user = await fixture.NewUserAsync();
        // Without Blazor's script the page stays as prerendered: what a user sees in the first moments.
        await user.Page.RouteAsync("**/_framework/blazor.web.js", route => route.AbortAsync());
        await user.Page.GotoAsync("/");
        var button = user.Page.GetByTestId("new-task-button");
        await Expect(button).ToBeDisabledAsync();
        await Expect(button).ToHaveAttributeAsync("title", "Loading…");

        await user.Page.UnrouteAllAsync();
        await user.GotoInteractiveAsync("/");
        await Expect(button).ToBeEnabledAsync();
    }

    [Fact]
    public async Task A_one_line_scripts_page_shows_its_error_without_scrolling()
    {
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();
        var name = $"short-{Guid.NewGuid():N}"[..12];
        var dialog = await tasks.OpenNewTaskDialogAsync();
        await dialog.ChooseTypeAsync("script");
        await dialog.NameAsync(name);
        await dialog.CodeAsync("null.x");
        await dialog.CreateAsync();
        var row = tasks.RowsNamed(name);
        await Expect(row).ToHaveAttributeAsync("data-status", "Failed", new() { Timeout = 60_000 });

        var details = await user.OpenDetailsAsync(await tasks.IdOfAsync(row));
        await Expect(user.Page.Locator("[data-testid=detail-input] .monaco-editor .view-lines")).ToBeVisibleAsync();
        var editor = user.Page.Locator("[data-testid=detail-input] .code-editor-fit");
        Assert.InRange((await editor.BoundingBoxAsync())!.Height, 20, 80);
        await Expect(details.ErrorText).ToBeInViewportAsync();
    }

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    private static string Describe(LocatorBoundingBoxResult box) => $"{box.X:0},{box.Y:0} {box.Width:0}×{box.Height:0}";
}
