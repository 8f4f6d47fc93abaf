using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The task list as a user sees it, found by the data-testid attributes the page documents.
public sealed class TasksPage
{
    private static readonly TimeSpan s_interactiveTimeout = TimeSpan.FromSeconds(60);

    private TasksPage(IPage page) => Page = page;

    public IPage Page { get; }
    public ILocator Rows => Page.GetByTestId("task-row");

    public static async Task<TasksPage> ReadyAsync(IPage page)
    {
        await Expect(page.GetByTestId("task-table").Or(page.GetByTestId("tasks-empty"))).ToBeVisibleAsync();
        return new TasksPage(page);
    }

    public ILocator Row(Guid id) => Page.Locator($"[data-testid=task-row][data-task-id='{id}']");

    // Names in these tests are unique, so "contains" is exact enough.
    public ILocator RowsNamed(string name) =>
        Rows.Filter(new LocatorFilterOptions { Has = Page.Locator("td.cell-name", new PageLocatorOptions { HasTextString = name }) });

    public static ILocator WithStatus(ILocator rows, string status) =>
        rows.And(rows.Page.Locator($"[data-status={status}]"));

    public async Task SearchAsync(string text)
    {
        await Page.Locator("#search").FillAsync(text);
        await Expect(Rows.Filter(new LocatorFilterOptions { HasNotText = text })).ToHaveCountAsync(0);
    }

    // The first paint is prerendered HTML whose buttons do nothing until the circuit is up, as
    // for any user who clicks very early; the user clicks again until the dialog shows.
    public async Task<NewTaskDialog> OpenNewTaskDialogAsync()
    {
        // MudDialog puts the test id on its content; the whole dialog (with its buttons) is around it.
        var dialog = Page.Locator(".mud-dialog").Filter(new LocatorFilterOptions { Has = Page.GetByTestId("new-task-dialog") });
        var deadline = DateTime.UtcNow + s_interactiveTimeout;
        while (!await dialog.IsVisibleAsync())
        {
            if (DateTime.UtcNow > deadline)
            {
                var dialogs = await Page.Locator(".mud-dialog").CountAsync();
                var errorBar = await Page.Locator("#blazor-error-ui").IsVisibleAsync();
                throw new TimeoutException(
                    $"The New task dialog did not open within {s_interactiveTimeout} ({dialogs} dialogs in the page, error bar shown: {errorBar}).");
            }

            try
            {
                await Page.GetByTestId("new-task-button").ClickAsync(new LocatorClickOptions { Timeout = 2_000 });
                await dialog.WaitForAsync(new LocatorWaitForOptions { Timeout = 1_000 });
            }
            catch (TimeoutException)
            {
            }
        }

        return await NewTaskDialog.ReadyAsync(Page, dialog);
    }

    // Proves the circuit is live (buttons work), then leaves the page as it was.
    public async Task WaitUntilInteractiveAsync()
    {
        var dialog = await OpenNewTaskDialogAsync();
        await dialog.CancelAsync();
    }

    public async Task SelectAsync(ILocator row) => await row.GetByTestId("row-select").CheckAsync();

    public async Task<Guid> IdOfAsync(ILocator row) => Guid.Parse((await row.GetAttributeAsync("data-task-id"))!);
}
