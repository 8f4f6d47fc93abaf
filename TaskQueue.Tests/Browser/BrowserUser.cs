using Microsoft.Playwright;

namespace TaskQueue.Tests.Browser;

// One person at one browser window; disposing closes the window and ends their circuit.
public sealed class BrowserUser(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public async Task<TasksPage> OpenTasksAsync()
    {
        await Page.GotoAsync("/");
        return await TasksPage.ReadyAsync(Page);
    }

    public async Task<TaskDetailsPage> OpenDetailsAsync(Guid id)
    {
        await Page.GotoAsync($"/tasks/{id}");
        return await TaskDetailsPage.ReadyAsync(Page);
    }

    // Blazor shows this bar when a circuit throws; no step of a test may cause it.
    public Task AssertNoErrorBarAsync() => Assertions.Expect(Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
