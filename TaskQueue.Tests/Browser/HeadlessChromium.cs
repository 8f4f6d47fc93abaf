using Microsoft.Playwright;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Browser;

// Debian's Chromium, headless, driven by Playwright. Playwright starts its node driver and the
// browser as our children; noting their ids lets DisposeAsync make sure each one is gone
// without looking anything up by name.
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] s_arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly List<int> _pids = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var chromium = new HeadlessChromium();
        try
        {
            var executable = await ChromiumInstallation.RequireAsync();
            var before = OsProcesses.Descendants(Environment.ProcessId).ToHashSet();
            chromium._playwright = await Playwright.CreateAsync();
            chromium._browser = await chromium._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = s_arguments,
            });
            chromium._pids.AddRange(OsProcesses.Descendants(Environment.ProcessId).Where(pid => !before.Contains(pid) && IsPlaywrightProcess(pid)));
            Assertions.SetDefaultExpectTimeout(30_000);
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        foreach (var pid in _pids)
        {
            if (!await OsProcesses.WaitUntilDeadAsync(pid, TimeSpan.FromSeconds(5)))
            {
                UnixSignals.Send(pid, UnixSignals.SigKill);
            }
        }
    }

    private static bool IsPlaywrightProcess(int pid)
    {
        var commandLine = OsProcesses.CommandLine(pid);
        return commandLine.Contains(".playwright", StringComparison.Ordinal) || commandLine.Contains("chromium", StringComparison.Ordinal);
    }
}
