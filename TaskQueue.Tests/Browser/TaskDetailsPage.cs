using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// One task's page, found by the data-testid attributes it documents.
public sealed class TaskDetailsPage
{
    private TaskDetailsPage(IPage page) => Page = page;

    public IPage Page { get; }
    public ILocator Name => Page.GetByTestId("detail-name");
    public ILocator Status => Page.Locator("[data-testid=status-chip]").First;
    public ILocator ErrorText => Page.GetByTestId("detail-error-text");
    public ILocator Result => Page.GetByTestId("detail-result");
    public ILocator Attempts => Page.GetByTestId("attempt-row");

    public static async Task<TaskDetailsPage> ReadyAsync(IPage page)
    {
        await Expect(page.GetByTestId("detail-name")).ToBeVisibleAsync();
        return new TaskDetailsPage(page);
    }
}
