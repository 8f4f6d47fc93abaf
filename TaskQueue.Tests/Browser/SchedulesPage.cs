using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The Schedules page as a user sees it, found by the data-testid attributes the page documents.
public sealed class SchedulesPage(IPage page)
{
    private static readonly TimeSpan s_interactiveTimeout = TimeSpan.FromSeconds(60);

    public IPage Page { get; } = page;

    public ILocator Dialog => Page.Locator(".mud-dialog").Filter(new LocatorFilterOptions { Has = Page.GetByTestId("new-schedule-dialog") });

    public ILocator Row(string name) =>
        Page.GetByTestId("schedule-row").Filter(new LocatorFilterOptions { Has = Page.Locator("td.cell-name", new PageLocatorOptions { HasTextString = name }) });

    // The first paint is prerendered HTML whose buttons do nothing until the circuit is up; the
    // user clicks again until the dialog shows.
    public async Task OpenNewScheduleDialogAsync()
    {
        var deadline = DateTime.UtcNow + s_interactiveTimeout;
        while (!await Dialog.IsVisibleAsync())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The New schedule dialog did not open within {s_interactiveTimeout}.");
            }

            try
            {
                await Page.GetByTestId("new-schedule-button").ClickAsync(new LocatorClickOptions { Timeout = 2_000 });
                await Dialog.WaitForAsync(new LocatorWaitForOptions { Timeout = 1_000 });
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public async Task FillAsync(string name, string cron, string timeZone)
    {
        await Page.Locator("#new-schedule-name").FillAsync(name);
        await Page.Locator("#new-schedule-cron").FillAsync(cron);
        await Page.Locator("#new-schedule-time-zone").FillAsync(timeZone);
    }

    public async Task CreateAsync()
    {
        var create = Dialog.GetByTestId("new-schedule-create");
        await Expect(create).ToBeEnabledAsync();
        await create.ClickAsync();
        await Expect(Dialog).ToBeHiddenAsync();
    }
}
