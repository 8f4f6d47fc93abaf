using System.Net;
using System.Text.RegularExpressions;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Security;

// The sign-in form over plain HTTP, as a browser without JavaScript would use it.
[Collection(SystemCollection.Name)]
public sealed partial class SignInTests(SystemFixture system)
{
    [Fact]
    public async Task Signing_in_sets_a_cookie_that_opens_pages_but_never_the_api()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var browser = web.CreateClient();

        using var signIn = await PostSignInAsync(browser, TestCredentials.AdminUserName, TestCredentials.AdminPassword, returnUrl: "/tasks/x");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("http://localhost/tasks/x", signIn.Headers.Location!.ToString());
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(value => value.StartsWith("TaskQueue.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        using var page = await GetAsync(browser, "/", "text/html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var api = await GetAsync(browser, "/api/tasks", "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_says_so_without_naming_which_part_was_wrong_and_locks_after_five()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var browser = web.CreateClient();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var failed = await PostSignInAsync(browser, TestCredentials.AdminUserName, "Wrong-Passw0rd-x");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.False(failed.Headers.Contains("Set-Cookie") && failed.Headers.GetValues("Set-Cookie").Any(value => value.StartsWith("TaskQueue.Auth=", StringComparison.Ordinal)));
            Assert.Contains(attempt < 5 ? "Wrong user name or password." : "locked", await failed.Content.ReadAsStringAsync());
        }

        using var unknownUser = await PostSignInAsync(browser, "nobody", "Wrong-Passw0rd-x");
        Assert.Contains("Wrong user name or password.", await unknownUser.Content.ReadAsStringAsync());

        // Locked: even the right password is refused for now.
        using var locked = await PostSignInAsync(browser, TestCredentials.AdminUserName, TestCredentials.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task A_return_url_off_this_site_is_ignored(string returnUrl)
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var browser = web.CreateClient();

        using var signIn = await PostSignInAsync(browser, TestCredentials.AdminUserName, TestCredentials.AdminPassword, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("http://localhost/", signIn.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var browser = web.CreateClient();

        using var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.UserName"] = TestCredentials.AdminUserName,
            ["Input.Password"] = TestCredentials.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(value => value.StartsWith("TaskQueue.Auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var browser = web.CreateClient();

        using var response = await GetAsync(browser, "/account/login", "text/html");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }

    [Fact]
    public async Task A_fresh_install_says_where_the_admin_password_is_until_the_admin_has_signed_in()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var browser = web.CreateClient();

        using var fresh = await GetAsync(browser, "/account/login", "text/html");
        var freshPage = await fresh.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"first-sign-in-hint\"", freshPage);
        Assert.Contains($"The user name is {TestCredentials.AdminUserName}; its password {TestCredentials.AdminPasswordHint}", freshPage);
        Assert.DoesNotContain(TestCredentials.AdminPassword, freshPage);

        using var signIn = await PostSignInAsync(browser, TestCredentials.AdminUserName, TestCredentials.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var anotherBrowser = web.CreateClient();
        using var later = await GetAsync(anotherBrowser, "/account/login", "text/html");
        Assert.DoesNotContain("first-sign-in-hint", await later.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_favicon_is_served_to_anyone_before_and_after_sign_in()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var browser = web.CreateClient();

        foreach (var signedIn in new[] { false, true })
        {
            if (signedIn)
            {
                (await PostSignInAsync(browser, TestCredentials.AdminUserName, TestCredentials.AdminPassword)).Dispose();
            }

            using var ico = await GetAsync(browser, "/favicon.ico", "image/*");
            Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
            Assert.Equal("image/x-icon", ico.Content.Headers.ContentType?.MediaType);
            using var svg = await GetAsync(browser, "/favicon.svg", "image/*");
            Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        }
    }

    // The form's own antiforgery token, as the browser would have received it with the page.
    internal static async Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string userName, string password, string? returnUrl = null)
    {
        var path = returnUrl is null ? "/account/login" : $"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        using var form = await GetAsync(browser, path, "text/html");
        var html = await form.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html).Groups["token"].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in form has no antiforgery token");
        return await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
