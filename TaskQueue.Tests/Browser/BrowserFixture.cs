using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskQueue.AppHost.Hosting;
using TaskQueue.Data;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Browser;

// One whole system (the AppHost, 3 workers, no injected failures) and one headless Chromium
// for all browser tests. Each test opens its own browser contexts: separate users, separate
// cookies and circuits, on the same server.
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly TestDirectory _dataDir = new("browser");
    private AppHostProcess? _appHost;
    private HeadlessChromium? _chromium;

    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public string MessagingConnectionString { get; private set; } = null!;
    public string AppHostOutput => _appHost?.Output ?? "";

    public async Task InitializeAsync()
    {
        try
        {
            await ChromiumInstallation.RequireAsync();
            var port = FreePort.Next();
            _appHost = AppHostProcess.Start(_dataDir.Path,
                ["--workers", "3", "--port", $"{port}", "--data-dir", _dataDir.Path, "--failure-rate", "0", .. TestCredentials.AppHostArguments]);
            await _appHost.WaitForReadyAsync();
            MessagingConnectionString = AppHostBroker.ConnectionString(_dataDir.Path, _appHost.ReadState());
            BaseAddress = new Uri($"http://localhost:{port}");
            Api = TestCredentials.Client(BaseAddress);

            _chromium = await HeadlessChromium.LaunchAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    // A new person at a browser, signed in (as the admin unless told otherwise): a fresh
    // context (no shared cookies or storage) with its own page.
    public async Task<BrowserUser> NewUserAsync(string userName = TestCredentials.AdminUserName, string password = TestCredentials.AdminPassword)
    {
        var user = await NewSignedOutUserAsync();
        await user.SignInAsync(userName, password);
        return user;
    }

    public async Task<BrowserUser> NewSignedOutUserAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        return new BrowserUser(context, await context.NewPageAsync());
    }

    // A user of this system made straight in its database; returns their API key.
    public async Task<string> CreateUserAsync(string userName, string password)
    {
        await using var db = new TasksDbContext(new DbContextOptionsBuilder<TasksDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_dataDir.Path, "tasks.db")}").Options);
        return await TestCredentials.CreateUserAsync(db, userName, password);
    }

    private IBrowser Browser => _chromium?.Browser ?? throw new InvalidOperationException("Chromium has not started.");


    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
            _chromium = null;
        }

        Api?.Dispose();
        if (_appHost is not null)
        {
            // SIGTERM; the AppHost stops every service and its broker, each by PID.
            await _appHost.DisposeAsync();
            _appHost = null;
        }

        SqliteConnectionPoolCleaner.ClearAll();
        _dataDir.Dispose();
    }
}
