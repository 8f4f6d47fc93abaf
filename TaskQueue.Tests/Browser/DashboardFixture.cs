using Microsoft.Playwright;
using TaskQueue.AppHost.Hosting;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Browser;

// A whole system with 3 workers and no injected failures, and a headless Chromium that opened
// the AppHost dashboard once through the login link it printed. Each test gets a new browser
// context carrying that login's cookie.
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly TestDirectory _dataDir = new("dashboard");
    private AppHostProcess? _appHost;
    private HeadlessChromium? _chromium;
    private string? _storageState;

    public Uri DashboardAddress { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public AppHostProcess AppHost => _appHost ?? throw new InvalidOperationException("The AppHost has not started.");

    public async Task InitializeAsync()
    {
        try
        {
            await ChromiumInstallation.RequireAsync();
            var port = FreePort.Next();
            _appHost = AppHostProcess.Start(_dataDir.Path,
                ["--workers", "3", "--port", $"{port}", "--data-dir", _dataDir.Path, "--failure-rate", "0", .. TestCredentials.AppHostArguments]);
            var dashboardLine = await _appHost.WaitForLineAsync(line => line.StartsWith("Dashboard: http://localhost:", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
            await _appHost.WaitForReadyAsync();
            var loginUrl = new Uri(dashboardLine["Dashboard: ".Length..]);
            DashboardAddress = new Uri(loginUrl.GetLeftPart(UriPartial.Authority));
            Api = TestCredentials.Client(new Uri($"http://localhost:{port}"));

            _chromium = await HeadlessChromium.LaunchAsync();

            // Log in once through the printed link and hand its cookie to every test.
            var context = await _chromium.Browser.NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(loginUrl.ToString());
            await Assertions.Expect(page.GetByTestId("resources-table")).ToBeVisibleAsync();
            _storageState = await context.StorageStateAsync();
            await context.CloseAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task<IPage> OpenAsync(string path)
    {
        var context = await (_chromium ?? throw new InvalidOperationException("Chromium has not started.")).Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = DashboardAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            StorageState = _storageState,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        // The page is prerendered; clicks count once its circuit is up.
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('.mud-layout') !== null");
        await page.WaitForTimeoutAsync(500);
        return page;
    }

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
            await _appHost.DisposeAsync();
            _appHost = null;
        }

        SqliteConnectionPoolCleaner.ClearAll();
        _dataDir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
