using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The task list as a user sees it, found by the data-testid attributes the page documents.
public sealed class TasksPage
{
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

    public async Task<NewTaskDialog> OpenNewTaskDialogAsync()
    {
        // MudDialog puts the test id on its content; the whole dialog (with its buttons) is around it.
        var dialog = Page.Locator(".mud-dialog").Filter(new LocatorFilterOptions { Has = Page.GetByTestId("new-task-dialog") });
        await DialogButton.OpenAsync(Page.GetByTestId("new-task-button"), dialog, "New task");
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
