using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// "Run at" in the New task dialog takes the user's local time, as their browser knows it, and
// the task is Scheduled for that moment in UTC.
[Collection(BrowserCollection.Name)]
public sealed class RunAtTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_local_run_at_time_schedules_the_task_for_that_moment_with_its_priority()
    {
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();
        var name = $"run-at-{Guid.NewGuid():N}"[..13];
        // Two minutes ahead, written as the browser's local time (datetime-local has no zone).
        var times = await user.Page.EvaluateAsync<string[]>("""
            () => {
              const at = new Date(Math.ceil(Date.now() / 60000) * 60000 + 120000);
              const pad = n => String(n).padStart(2, '0');
              const local = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
              return [local, at.toISOString()];
            }
            """);
        var (local, utc) = (times[0], times[1]);

        var dialog = await tasks.OpenNewTaskDialogAsync();
        await dialog.ChooseTypeAsync("fibonacci");
        await dialog.NameAsync(name);
        await user.Page.Locator("#new-task-run-at").FillAsync(local);
        await dialog.Root.GetByTestId("new-task-priority").ClickAsync();
        await user.Page.GetByRole(Microsoft.Playwright.AriaRole.Option, new() { Name = "high" }).ClickAsync();
        await dialog.CreateAsync();

        var row = tasks.RowsNamed(name);
        await Expect(row).ToHaveAttributeAsync("data-status", "Scheduled");
        var id = await row.GetAttributeAsync("data-task-id");
        var task = await fixture.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}");
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), task.GetProperty("runAt").GetDateTimeOffset());
        Assert.Equal("high", task.GetProperty("priority").GetString());
        using var cancelled = await fixture.Api.PostAsync($"/api/tasks/{id}/cancel", null);
        cancelled.EnsureSuccessStatusCode();
    }
}
