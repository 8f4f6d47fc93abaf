using System.Net.Http.Json;
using System.Text.Json;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// axe scans every page as a user sees it, signed out and signed in: serious and critical
// violations fail (AxeScan). The dialog is scanned open, for each task type, and is used with
// the keyboard alone.
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string UserPassword = "Alice-Passw0rd-1";

    [Fact]
    public async Task The_sign_in_page_passes_the_scan()
    {
        await using var visitor = await fixture.NewSignedOutUserAsync();
        await visitor.Page.GotoAsync("/account/login");
        await Expect(visitor.Page.GetByTestId("login-submit")).ToBeVisibleAsync();

        await AxeScan.AssertAccessibleAsync(visitor.Page, "the sign-in page", output.WriteLine);
    }

    [Fact]
    public async Task The_tasks_page_and_the_new_task_dialog_of_every_type_pass_the_scan()
    {
        await CreateFinishedTaskAsync();
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();
        await Expect(tasks.Rows.First).ToBeVisibleAsync();
        await AxeScan.AssertAccessibleAsync(user.Page, "the tasks page", output.WriteLine);

        var dialog = await tasks.OpenNewTaskDialogAsync();
        foreach (var type in new[] { "script", "fibonacci", "simulation", "echo" })
        {
            await dialog.ChooseTypeAsync(type);
            await AxeScan.AssertAccessibleAsync(user.Page, $"the New task dialog ({type})", output.WriteLine);
        }
    }

    [Fact]
    public async Task The_details_page_of_a_finished_and_of_a_failed_script_pass_the_scan()
    {
        await using var user = await fixture.NewUserAsync();
        foreach (var (code, status) in new[] { ("6 * 7", "Finished"), ("throw new Error('no')", "Failed") })
        {
            var id = await CreateScriptAsync(code, status);
            var details = await user.OpenDetailsAsync(id);
            await Expect(details.Status).ToHaveAttributeAsync("data-status", status);
            await Expect(user.Page.Locator("[data-testid=detail-input] .monaco-editor .view-lines")).ToBeVisibleAsync();
            await AxeScan.AssertAccessibleAsync(user.Page, $"the details page of a {status.ToLowerInvariant()} task", output.WriteLine);
        }
    }

    [Fact]
    public async Task The_workflows_list_and_a_chords_view_pass_the_scan()
    {
        var (id, _) = await WorkflowPage.StartAsync(fixture.Api, new
        {
            name = "a11y chord",
            kind = "chord",
            tasks = new[] { 5, 6 }.Select(n => new { type = "fibonacci", input = new { n } }),
            callback = new { type = "script", input = new { code = "results.length" } },
        });
        await using var user = await fixture.NewUserAsync();

        var workflow = await WorkflowPage.OpenAsync(user, id);
        await Expect(workflow.Status).ToHaveAttributeAsync("data-status", "Finished", new() { Timeout = 60_000 });
        await AxeScan.AssertAccessibleAsync(user.Page, "a chord's workflow view", output.WriteLine);

        await user.GotoInteractiveAsync("/workflows");
        await Expect(user.Page.GetByTestId("workflow-row").First).ToBeVisibleAsync();
        await AxeScan.AssertAccessibleAsync(user.Page, "the workflows list", output.WriteLine);
    }

    [Theory]
    [InlineData("/operations", "workers-table", true)]
    [InlineData("/schedules", "new-schedule-button", true)]
    [InlineData("/account/api-keys", "api-key-create", true)]
    [InlineData("/admin/users", "user-row", true)]
    [InlineData("/account/password", "password-managed-by-apphost", false)]
    public async Task Every_other_page_passes_the_scan(string path, string shownWhenReady, bool interactive)
    {
        await using var user = await fixture.NewUserAsync();
        if (interactive)
        {
            await user.GotoInteractiveAsync(path);
        }
        else
        {
            await user.Page.GotoAsync(path);
        }

        await Expect(user.Page.GetByTestId(shownWhenReady).First).ToBeVisibleAsync();
        await AxeScan.AssertAccessibleAsync(user.Page, path, output.WriteLine);
    }

    [Fact]
    public async Task A_page_refused_to_a_user_who_is_not_an_admin_passes_the_scan()
    {
        var userName = $"a11y-{Guid.NewGuid():N}"[..12];
        await fixture.CreateUserAsync(userName, UserPassword);
        await using var user = await fixture.NewUserAsync(userName, UserPassword);
        // A page load is refused by the server, which answers with the access-denied page.
        await user.Page.GotoAsync("/operations");
        await Expect(user.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/access-denied"));
        await Expect(user.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();

        await AxeScan.AssertAccessibleAsync(user.Page, "the access-denied message", output.WriteLine);
    }

    private async Task<Guid> CreateFinishedTaskAsync() => await CreateScriptAsync("1 + 1", "Finished");

    private async Task<Guid> CreateScriptAsync(string code, string status)
    {
        using var response = await fixture.Api.PostAsJsonAsync("/api/tasks", new { type = "script", name = $"a11y-{status.ToLowerInvariant()}", input = new { code }, maxAttempts = 1 });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () =>
            (await fixture.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}")).GetProperty("status").GetString() == status,
            TimeSpan.FromSeconds(60), $"the script to end {status}");
        return id;
    }
}
