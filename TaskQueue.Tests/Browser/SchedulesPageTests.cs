using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// A schedule's whole life on the Schedules page: created from the dialog (a bad cron is named
// there first), its next occurrences, a run triggered by hand that shows in its history linked
// to its task, pause and resume, delete. axe scans the page and the dialog on the way.
[Collection(BrowserCollection.Name)]
public sealed class SchedulesPageTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_schedule_is_created_triggered_paused_resumed_and_deleted_from_the_page()
    {
        await using var user = await fixture.NewUserAsync();
        await user.GotoInteractiveAsync("/schedules");
        var schedules = new SchedulesPage(user.Page);
        var name = $"sched-{Guid.NewGuid():N}"[..14];

        await schedules.OpenNewScheduleDialogAsync();
        await schedules.FillAsync(name, "every minute", "Europe/Paris");
        await Expect(schedules.Dialog).ToContainTextAsync("5 fields");
        await Expect(schedules.Dialog.GetByTestId("new-schedule-create")).ToBeDisabledAsync();
        await AxeScan.AssertAccessibleAsync(user.Page, "the New schedule dialog", output.WriteLine);
        await user.Page.Locator("#new-schedule-cron").FillAsync("0 0 1 1 *");
        await schedules.CreateAsync();

        var row = schedules.Row(name);
        await Expect(row).ToHaveAttributeAsync("data-state", "Active");
        await Expect(row.GetByTestId("next-runs").Locator("li")).ToHaveCountAsync(5);

        await row.GetByTestId("trigger-schedule").ClickAsync();
        var history = user.Page.Locator($"[data-testid=schedule-history][data-schedule-id='{await row.GetAttributeAsync("data-schedule-id")}']");
        var run = history.GetByTestId("schedule-run");
        await Expect(run).ToHaveCountAsync(1);
        await Expect(run.GetByTestId("status-chip")).ToHaveAttributeAsync("data-status", "Finished", new() { Timeout = 30_000 });
        await Expect(run.GetByTestId("schedule-run-link")).ToHaveAttributeAsync("href", $"/tasks/{await run.GetAttributeAsync("data-task-id")}");
        // Scanned at rest: a notice still fading in or out blends its colours with the page.
        await Expect(user.Page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await AxeScan.AssertAccessibleAsync(user.Page, "the schedules page with a run history", output.WriteLine);

        await row.GetByTestId("pause-schedule").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "Paused");
        await Expect(row.GetByTestId("next-runs")).ToHaveCountAsync(0);
        await row.GetByTestId("resume-schedule").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "Active");
        await Expect(row.GetByTestId("next-runs").Locator("li")).ToHaveCountAsync(5);

        await row.GetByTestId("delete-schedule").ClickAsync();
        await Expect(user.Page.GetByTestId("confirm-dialog")).ToContainTextAsync(name);
        await user.Page.GetByTestId("confirm-delete-schedule").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await user.AssertNoErrorBarAsync();
    }
}
