using Microsoft.Playwright;

namespace TaskQueue.Tests.Browser;

// One person at one browser window; disposing closes the window and ends their circuit. It
// keeps what the window said along the way (notices, console errors), for a failure to show.
public sealed class BrowserUser : IAsyncDisposable
{
    // Notices last 3 s, so a failure found later would not see the one that explains it.
    private const string NoticeRecorder = """
        window.__notices = [];
        new MutationObserver(() => {
            for (const notice of document.querySelectorAll('.mud-snackbar')) {
                const text = notice.innerText.trim();
                if (text && window.__notices[window.__notices.length - 1] !== text) window.__notices.push(text);
            }
        }).observe(document, { childList: true, subtree: true, characterData: true });
        """;

    private readonly IBrowserContext _context;
    private readonly List<string> _console = [];

    private BrowserUser(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (_console)
                {
                    _console.Add($"{message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_console)
            {
                _console.Add($"page error: {error}");
            }
        };
    }

    public IPage Page { get; }

    public static async Task<BrowserUser> OpenAsync(IBrowserContext context)
    {
        await context.AddInitScriptAsync(NoticeRecorder);
        return new BrowserUser(context, await context.NewPageAsync());
    }

    // What the user was shown, for a failure message: the notices of the current page, its
    // error bar and reconnect dialog, and what the browser's console reported.
    public async Task<string> DescribeAsync()
    {
        var text = new System.Text.StringBuilder();
        try
        {
            text.AppendLine($"page: {Page.Url}");
            text.AppendLine("notices: " + string.Join(" | ", await Page.EvaluateAsync<string[]>("() => window.__notices ?? []")));
            text.AppendLine($"error bar shown: {await Page.Locator("#blazor-error-ui").IsVisibleAsync()}");
            text.AppendLine($"reconnect dialog shown: {await Page.Locator("#components-reconnect-modal").IsVisibleAsync()}");
            foreach (var alert in await Page.Locator(".mud-alert").AllInnerTextsAsync())
            {
                text.AppendLine($"alert: {alert}");
            }
        }
        catch (PlaywrightException failure)
        {
            text.AppendLine($"(the page could not be read: {failure.Message})");
        }

        lock (_console)
        {
            text.AppendLine("browser console: " + (_console.Count == 0 ? "nothing" : string.Join(Environment.NewLine, _console.TakeLast(20))));
        }

        return text.ToString();
    }

    public async Task SignInAsync(string userName, string password)
    {
        await Page.GotoAsync("/account/login");
        await Page.GetByTestId("login-username").FillAsync(userName);
        await Page.GetByTestId("login-password").FillAsync(password);
        await Page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("signed-in-user")).ToHaveTextAsync(userName);
    }

    // Opens a page and waits for its circuit: typing into the prerendered page would be lost.
    public async Task GotoInteractiveAsync(string path)
    {
        await Page.GotoAsync(path);
        await Assertions.Expect(Page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
    }

    public async Task<TasksPage> OpenTasksAsync()
    {
        await Page.GotoAsync("/");
        var tasks = await TasksPage.ReadyAsync(Page);
        // Typing into the prerendered page before its circuit is up would be lost.
        await tasks.WaitUntilInteractiveAsync();
        return tasks;
    }

    public async Task<TaskDetailsPage> OpenDetailsAsync(Guid id)
    {
        await Page.GotoAsync($"/tasks/{id}");
        return await TaskDetailsPage.ReadyAsync(Page);
    }

    public async Task<OperationsPage> OpenOperationsAsync()
    {
        await Page.GotoAsync("/operations");
        return await OperationsPage.ReadyAsync(Page);
    }

    // A value kept in the window survives live updates but not a reload or a navigation, so a
    // test can prove that what it saw arrived without either.
    public Task MarkWindowAsync() => Page.EvaluateAsync("() => { window.__browserTestMark = 'unchanged'; }");

    public async Task AssertWindowNotReloadedAsync() =>
        Assert.Equal("unchanged", await Page.EvaluateAsync<string?>("() => window.__browserTestMark ?? null"));

    // Blazor shows this bar when a circuit throws; no step of a test may cause it.
    public Task AssertNoErrorBarAsync() => Assertions.Expect(Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
