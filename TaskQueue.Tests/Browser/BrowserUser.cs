using Microsoft.Playwright;

namespace TaskQueue.Tests.Browser;

// One person at one browser window; disposing closes the window and ends their circuit.
public sealed class BrowserUser(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

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

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
