using System.Net;
using System.Net.Http.Headers;
using TaskQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// Signing in and out, changing a password, each user's own tasks (live), API keys and users managed in the UI.
[Collection(BrowserCollection.Name)]
public sealed class AccountTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_signed_out_browser_is_sent_to_sign_in_and_returns_where_it_was_going()
    {
        await using var visitor = await fixture.NewSignedOutUserAsync();
        var id = Guid.NewGuid();

        await visitor.Page.GotoAsync($"/tasks/{id}");

        await Expect(visitor.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?ReturnUrl=%2Ftasks%2F"));
        await Expect(visitor.Page.GetByTestId("app-title")).ToHaveCountAsync(0);
        await visitor.Page.GetByTestId("login-username").FillAsync(TestCredentials.AdminUserName);
        await visitor.Page.GetByTestId("login-password").FillAsync("not the password 1A");
        await visitor.Page.GetByTestId("login-submit").ClickAsync();
        await Expect(visitor.Page.GetByTestId("login-error")).ToHaveTextAsync("Wrong user name or password.");

        await visitor.Page.GetByTestId("login-username").FillAsync(TestCredentials.AdminUserName);
        await visitor.Page.GetByTestId("login-password").FillAsync(TestCredentials.AdminPassword);
        await visitor.Page.GetByTestId("login-submit").ClickAsync();
        await Expect(visitor.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tasks/{id}$"));
        await Expect(visitor.Page.GetByTestId("signed-in-user")).ToHaveTextAsync(TestCredentials.AdminUserName);

        await visitor.Page.GetByTestId("sign-out").ClickAsync();
        await Expect(visitor.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login$"));
        await visitor.Page.GotoAsync("/");
        await Expect(visitor.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task Users_see_only_their_own_tasks_live_and_admins_see_everyones()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await fixture.CreateUserAsync($"frank-{suffix}", "Frank-Passw0rd-1");
        await fixture.CreateUserAsync($"grace-{suffix}", "Grace-Passw0rd-1");
        await using var grace = await fixture.NewUserAsync($"grace-{suffix}", "Grace-Passw0rd-1");
        var gracesView = await grace.OpenTasksAsync();
        await using var admin = await fixture.NewUserAsync();
        var adminsView = await admin.OpenTasksAsync();
        await using var frank = await fixture.NewUserAsync($"frank-{suffix}", "Frank-Passw0rd-1");
        var franksView = await frank.OpenTasksAsync();

        // Frank is not an admin: no operator pages in his bar.
        await Expect(frank.Page.GetByTestId("nav-operations")).ToHaveCountAsync(0);
        await Expect(frank.Page.GetByTestId("nav-users")).ToHaveCountAsync(0);

        var name = $"frank-only-{suffix}";
        var dialog = await franksView.OpenNewTaskDialogAsync();
        await dialog.ChooseTypeAsync("fibonacci");
        await dialog.NameAsync(name);
        await dialog.FibonacciNAsync(30);
        await dialog.CreateAsync();

        await Expect(franksView.RowsNamed(name)).ToHaveAttributeAsync("data-status", "Finished", new() { Timeout = 60_000 });
        await Expect(adminsView.RowsNamed(name)).ToHaveAttributeAsync("data-status", "Finished", new() { Timeout = 60_000 });
        var id = await franksView.IdOfAsync(franksView.RowsNamed(name));

        // Grace's circuit got the same change notifications, but her page shows none of it,
        // and the task's own page does not exist for her.
        await Expect(gracesView.RowsNamed(name)).ToHaveCountAsync(0);
        await Expect(gracesView.Rows).ToHaveCountAsync(0);
        await grace.Page.GotoAsync($"/tasks/{id}");
        await Expect(grace.Page.GetByTestId("detail-not-found")).ToBeVisibleAsync();
        await grace.AssertNoErrorBarAsync();
    }

    [Fact]
    public async Task An_api_key_made_in_the_ui_is_shown_once_works_and_stops_when_revoked()
    {
        await using var user = await fixture.NewUserAsync();
        await user.GotoInteractiveAsync("/account/api-keys");
        var name = $"script-{Guid.NewGuid():N}"[..14];
        await user.Page.Locator("#api-key-name").FillAsync(name);
        await user.Page.GetByTestId("api-key-create").ClickAsync();

        var secret = (await user.Page.GetByTestId("api-key-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("tq_", secret);
        await Expect(user.Page.GetByTestId("api-key-row").Filter(new() { HasText = name })).ToHaveCountAsync(1);
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(secret));
        await user.Page.ScreenshotAsync(new() { Path = Screenshot("api-keys.png") });

        // Loaded afresh, and interactive before the click: a click on the prerendered page,
        // before its circuit is up, does nothing (seen once in a full run under load).
        await user.GotoInteractiveAsync("/account/api-keys");
        await Expect(user.Page.GetByTestId("api-key-secret")).ToHaveCountAsync(0);
        await Expect(user.Page.GetByText(secret)).ToHaveCountAsync(0);

        var row = user.Page.Locator("tr").Filter(new() { Has = user.Page.GetByTestId("api-key-row").Filter(new() { HasText = name }) });
        await row.GetByTestId("api-key-revoke").ClickAsync();
        await user.Page.GetByTestId("confirm-revoke").ClickAsync();
        await Expect(row.GetByTestId("api-key-revoke")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(secret));
    }

    [Fact]
    public async Task An_admin_creates_a_user_who_can_sign_in_but_not_open_admin_pages()
    {
        await using var admin = await fixture.NewUserAsync();
        await admin.GotoInteractiveAsync("/admin/users");
        var userName = $"henry-{Guid.NewGuid():N}"[..12];
        await admin.Page.Locator("#user-name").FillAsync(userName);
        await admin.Page.Locator("#user-password").FillAsync("short");
        await admin.Page.GetByTestId("user-create").ClickAsync();
        await Expect(admin.Page.GetByTestId("users-error")).ToContainTextAsync("at least 12 characters");

        await admin.Page.Locator("#user-password").FillAsync("Henry-Passw0rd-1");
        await admin.Page.GetByTestId("user-create").ClickAsync();
        await Expect(admin.Page.GetByTestId("user-row").Filter(new() { HasText = userName })).ToHaveCountAsync(1);
        await admin.Page.ScreenshotAsync(new() { Path = Screenshot("users.png") });

        await using var henry = await fixture.NewUserAsync(userName, "Henry-Passw0rd-1");
        await henry.Page.GotoAsync("/operations");
        await Expect(henry.Page.GetByText("Access denied")).ToBeVisibleAsync();
        await henry.Page.GotoAsync("/admin/users");
        await Expect(henry.Page.GetByText("Access denied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_user_changes_their_password_and_signs_in_with_the_new_one_only()
    {
        var userName = $"irene-{Guid.NewGuid():N}"[..14];
        await fixture.CreateUserAsync(userName, "Irene-Passw0rd-1");
        await using var irene = await fixture.NewUserAsync(userName, "Irene-Passw0rd-1");
        var page = irene.Page;

        await page.GetByTestId("signed-in-user").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password$"));

        async Task SubmitAsync(string current, string next, string confirm)
        {
            await page.GetByTestId("password-current").FillAsync(current);
            await page.GetByTestId("password-new").FillAsync(next);
            await page.GetByTestId("password-confirm").FillAsync(confirm);
            await page.GetByTestId("password-submit").ClickAsync();
        }

        await SubmitAsync("Irene-Passw0rd-1", "Irene-Passw0rd-2", "Irene-Passw0rd-3");
        await Expect(page.GetByText("The two new passwords differ.")).ToBeVisibleAsync();
        await SubmitAsync("not-her-Passw0rd", "Irene-Passw0rd-2", "Irene-Passw0rd-2");
        await Expect(page.GetByTestId("password-error")).ToContainTextAsync("Incorrect password.");
        await SubmitAsync("Irene-Passw0rd-1", "short", "short");
        await Expect(page.GetByTestId("password-error")).ToContainTextAsync("at least 12 characters");

        await SubmitAsync("Irene-Passw0rd-1", "Irene-Passw0rd-2", "Irene-Passw0rd-2");
        await Expect(page.GetByTestId("password-changed")).ToBeVisibleAsync();
        // Still signed in here: the cookie was reissued with the new security stamp.
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(userName);

        await using var withOld = await fixture.NewSignedOutUserAsync();
        await withOld.Page.GotoAsync("/account/login");
        await withOld.Page.GetByTestId("login-username").FillAsync(userName);
        await withOld.Page.GetByTestId("login-password").FillAsync("Irene-Passw0rd-1");
        await withOld.Page.GetByTestId("login-submit").ClickAsync();
        await Expect(withOld.Page.GetByTestId("login-error")).ToHaveTextAsync("Wrong user name or password.");
        await using var withNew = await fixture.NewUserAsync(userName, "Irene-Passw0rd-2");
    }

    [Fact]
    public async Task The_admins_password_page_points_to_the_apphost_parameter()
    {
        await using var admin = await fixture.NewUserAsync();
        await admin.Page.GotoAsync("/account/password");
        await Expect(admin.Page.GetByTestId("password-managed-by-apphost")).ToContainTextAsync("--admin-password");
        await Expect(admin.Page.GetByTestId("password-submit")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_sign_in_page_is_photographed()
    {
        await using var visitor = await fixture.NewSignedOutUserAsync();
        await visitor.Page.GotoAsync("/");
        await Expect(visitor.Page.GetByTestId("login-submit")).ToBeVisibleAsync();
        await visitor.Page.SetViewportSizeAsync(900, 600);
        await visitor.Page.ScreenshotAsync(new() { Path = Screenshot("sign-in.png") });
    }

    private async Task<HttpStatusCode> StatusWithKeyAsync(string key)
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.GetAsync("/api/stats");
        return response.StatusCode;
    }

    private static string Screenshot(string name)
    {
        var folder = ScreenshotFolder.Path;
        return Path.Combine(folder, name);
    }
}
