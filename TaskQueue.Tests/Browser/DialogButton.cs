using Microsoft.Playwright;

namespace TaskQueue.Tests.Browser;

// A page's "New …" button opens its dialog. The prerendered button is disabled until the circuit is
// interactive, so Playwright's click waits for that, and one click opens the dialog. Clicking again
// while a slow server renders the first dialog would open a second one.
public static class DialogButton
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public static async Task OpenAsync(ILocator button, ILocator dialog, string name)
    {
        await button.ClickAsync(new LocatorClickOptions { Timeout = (float)s_timeout.TotalMilliseconds });
        try
        {
            await dialog.WaitForAsync(new LocatorWaitForOptions { Timeout = (float)s_timeout.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            var dialogs = await dialog.Page.Locator(".mud-dialog").CountAsync();
            var errorBar = await dialog.Page.Locator("#blazor-error-ui").IsVisibleAsync();
            throw new TimeoutException(
                $"The {name} dialog did not open within {s_timeout} of its button's click ({dialogs} dialogs in the page, error bar shown: {errorBar}).");
        }
    }
}
