using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The Schedules page as a user sees it, found by the data-testid attributes the page documents.
public sealed class SchedulesPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Dialog => Page.Locator(".mud-dialog").Filter(new LocatorFilterOptions { Has = Page.GetByTestId("new-schedule-dialog") });

    public ILocator Row(string name) =>
        Page.GetByTestId("schedule-row").Filter(new LocatorFilterOptions { Has = Page.Locator("td.cell-name", new PageLocatorOptions { HasTextString = name }) });

    public Task OpenNewScheduleDialogAsync() =>
        DialogButton.OpenAsync(Page.GetByTestId("new-schedule-button"), Dialog, "New schedule");

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
