using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskQueue.Data;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TaskQueue.Tests.Browser;

// One whole system (the real AppHost through Aspire.Hosting.Testing, 3 workers, no injected
// failures) and one headless Chromium for all browser tests. Each test opens its own browser
// contexts: separate users, separate cookies and circuits, on the same server.
public sealed class BrowserFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly TestDirectory _dataDir = new("browser");
    private AspireSystem? _system;
    private HeadlessChromium? _chromium;
    private string? _adminSignIn;

    public Uri BaseAddress => System.WebAddress;
    public HttpClient Api => System.Api;
    public string MessagingConnectionString { get; private set; } = null!;

    private AspireSystem System => _system ?? throw new InvalidOperationException("The system has not started.");

    public async Task InitializeAsync()
    {
        try
        {
            await ChromiumInstallation.RequireAsync();
            _system = await AspireSystem.StartForFixtureAsync(_dataDir.Path, workers: 3, report => diagnostics.OnMessage(new DiagnosticMessage(report)));
            MessagingConnectionString = (await _system.GetConnectionStringAsync("messaging"))!;

            _chromium = await HeadlessChromium.LaunchAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    // A new person at a browser, signed in (as the admin unless told otherwise): a fresh
    // context (no shared cookies or storage) with its own page, on the page sign-in lands on.
    // The admin signs in through the form once; later admins start with that sign-in's cookie,
    // as a second window of the same browser would (AccountTests cover the form itself).
    public async Task<BrowserUser> NewUserAsync(string userName = TestCredentials.AdminUserName, string password = TestCredentials.AdminPassword)
    {
        var isAdmin = userName == TestCredentials.AdminUserName && password == TestCredentials.AdminPassword;
        if (isAdmin && _adminSignIn is { } signIn)
        {
            var admin = await NewBrowserUserAsync(signIn);
            await admin.Page.GotoAsync("/");
            await Assertions.Expect(admin.Page.GetByTestId("signed-in-user")).ToHaveTextAsync(userName);
            return admin;
        }

        var user = await NewSignedOutUserAsync();
        await user.SignInAsync(userName, password);
        if (isAdmin)
        {
            _adminSignIn = await user.Page.Context.StorageStateAsync();
        }

        return user;
    }

    public Task<BrowserUser> NewSignedOutUserAsync() => NewBrowserUserAsync(storageState: null);

    private async Task<BrowserUser> NewBrowserUserAsync(string? storageState)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            StorageState = storageState,
        });
        context.SetDefaultTimeout(30_000);
        return await BrowserUser.OpenAsync(context);
    }

    // A user of this system made straight in its database; returns their API key.
    public async Task<string> CreateUserAsync(string userName, string password)
    {
        await using var db = new TasksDbContext(new DbContextOptionsBuilder<TasksDbContext>()
            .UseSqlite($"Data Source={System.DatabasePath}").Options);
        return await TestCredentials.CreateUserAsync(db, userName, password);
    }

    // Runs a test's steps; if one fails, the failure also says what the user was shown and what
    // the web app logged, which a CI log's tail otherwise leaves to guesswork.
    public async Task ExplainFailureAsync(BrowserUser user, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception failure) when (failure is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new XunitException($"{failure.Message}{Environment.NewLine}--- what the user was shown ---{Environment.NewLine}"
                + $"{await user.DescribeAsync()}{await System.ProblemsAsync("web")}", failure);
        }
    }

    private IBrowser Browser => _chromium?.Browser ?? throw new InvalidOperationException("Chromium has not started.");


    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
            _chromium = null;
        }

        if (_system is not null)
        {
            await _system.DisposeAsync();
            _system = null;
        }

        _dataDir.Dispose();
    }
}
