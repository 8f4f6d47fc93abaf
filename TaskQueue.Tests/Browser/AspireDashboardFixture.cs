using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Browser;

// The AppHost as an operator runs it (a real process, 3 workers, Aspire's dashboard) and a
// headless Chromium that logged in to the dashboard once through the link the AppHost printed.
public sealed partial class AspireDashboardFixture : IAsyncLifetime
{
    private readonly TestDirectory _dataDir = new("dashboard");
    private AppHostProcess? _appHost;
    private HeadlessChromium? _chromium;
    private string? _storageState;

    public Uri DashboardAddress { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            await ChromiumInstallation.RequireAsync();
            var port = FreePort.Next();
            _appHost = AppHostProcess.Start(["--workers", "3", "--port", $"{port}", "--data-dir", _dataDir.Path, "--failure-rate", "0", .. TestCredentials.AppHostArguments]);
            await _appHost.WaitForReadyAsync();
            var loginUrl = new Uri(LoginLink().Match(_appHost.Output).Groups[1].Value);
            DashboardAddress = new Uri(loginUrl.GetLeftPart(UriPartial.Authority));
            Api = TestCredentials.Client(new Uri($"http://localhost:{port}"));

            _chromium = await HeadlessChromium.LaunchAsync();
            var context = await _chromium.Browser.NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(loginUrl.ToString());
            await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
            _storageState = await context.StorageStateAsync();
            await context.CloseAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    // A new browser context carrying the login's cookie, on a page of the dashboard.
    public async Task<IPage> OpenAsync(string path)
    {
        var context = await (_chromium ?? throw new InvalidOperationException("Chromium has not started.")).Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = DashboardAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1600, Height = 900 },
            StorageState = _storageState,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
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

        _dataDir.Dispose();
    }

    [GeneratedRegex(@"Login to the dashboard at (http://\S+/login\?t=\w+)")]
    private static partial Regex LoginLink();
}

[CollectionDefinition(Name)]
public sealed class AspireDashboardCollection : ICollectionFixture<AspireDashboardFixture>
{
    public const string Name = "aspire dashboard";
}
