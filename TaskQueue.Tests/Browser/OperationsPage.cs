using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The Operations page as an administrator sees it, found by the test ids its sections document.
public sealed class OperationsPage
{
    private OperationsPage(IPage page) => Page = page;

    public IPage Page { get; }
    public ILocator Workers => Page.GetByTestId("worker-row");
    public ILocator DeadLetters => Page.GetByTestId("dead-letter-row");

    // Queues are first read by the live circuit, never while prerendering, so their table
    // showing means the page is interactive and its buttons work.
    public static async Task<OperationsPage> ReadyAsync(IPage page)
    {
        await Expect(page.GetByTestId("queues-table").Or(page.GetByTestId("queues-unavailable"))).ToBeVisibleAsync(new() { Timeout = 60_000 });
        return new OperationsPage(page);
    }

    public ILocator AliveWorkers => Workers.And(Page.Locator("[data-state=Alive]"));

    public ILocator QueueDepth(string queue) => Page.Locator($"[data-testid=queue-row][data-queue='{queue}'] [data-testid=queue-depth]");

    public ILocator QueueConsumers(string queue) => Page.Locator($"[data-testid=queue-row][data-queue='{queue}'] [data-testid=queue-consumers]");

    public ILocator FinishedTotal => Page.GetByTestId("throughput-finished-total");

    public ILocator DeadLetterFor(Guid taskId) =>
        DeadLetters.Filter(new LocatorFilterOptions { Has = Page.Locator($"a[href='/tasks/{taskId}']") });

    public ILocator DeadLetterWithBody(string body) => DeadLetters.Filter(new LocatorFilterOptions { HasText = body });

    // Waits until a number shown in the page meets the condition, and returns it.
    public static async Task<long> WaitForNumberAsync(ILocator cell, Func<long, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var text = "";
        while (DateTime.UtcNow < deadline)
        {
            text = await cell.TextContentAsync(new LocatorTextContentOptions { Timeout = 5_000 }) ?? "";
            if (long.TryParse(text.Trim().Replace(",", "", StringComparison.Ordinal), out var value) && condition(value))
            {
                return value;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The number shown never met the condition within {timeout}; last shown: '{text.Trim()}'.");
    }

    public async Task RequeueAsync(ILocator row)
    {
        await row.GetByTestId("dead-letter-requeue").ClickAsync();
        await Page.GetByTestId("confirm-requeue").ClickAsync();
    }

    public async Task DiscardAsync(ILocator row)
    {
        await row.GetByTestId("dead-letter-discard").ClickAsync();
        await Page.GetByTestId("confirm-discard").ClickAsync();
    }
}
