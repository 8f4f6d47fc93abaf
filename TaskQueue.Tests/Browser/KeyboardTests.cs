using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// A user without a mouse: Tab to "New task", Enter, arrows to choose the type, Tab through the
// fields, Enter on Create; Escape closes the dialog.
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_task_is_created_with_the_keyboard_alone()
    {
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();
        var page = user.Page;
        var name = $"keys-{Guid.NewGuid():N}"[..12];

        await TabToAsync(page, "[data-testid=new-task-button]");
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator(".mud-dialog").Filter(new() { Has = page.GetByTestId("new-task-dialog") });
        await Expect(dialog).ToBeVisibleAsync();

        // The type is a radio group: Tab reaches the chosen type, an arrow key moves the choice.
        await TabToAsync(page, "[data-testid=new-task-type-script]");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByTestId("new-task-type-fibonacci")).ToBeCheckedAsync();
        await Expect(page.Locator("#new-task-n")).ToBeVisibleAsync();

        await TabToAsync(page, "#new-task-name");
        await page.Keyboard.TypeAsync(name);
        await TabToAsync(page, "#new-task-n");
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync("20");
        await TabToAsync(page, "[data-testid=new-task-create]");
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeHiddenAsync();

        var row = tasks.RowsNamed(name);
        await Expect(row).ToHaveAttributeAsync("data-status", "Finished", new() { Timeout = 60_000 });
        await Expect(row.GetByTestId("task-result")).ToHaveTextAsync("6765");

        await TabToAsync(page, "[data-testid=new-task-button]");
        await page.Keyboard.PressAsync("Enter");
        // Escape closes it (pressed again if it came before the dialog listened for keys, as a user would).
        await (await NewTaskDialog.ReadyAsync(page, dialog)).PressEscapeAsync();
        await user.AssertNoErrorBarAsync();
    }

    // Presses Tab until the element the selector names has the focus, as a keyboard user would.
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            if (await page.Locator(selector).EvaluateAsync<bool>("element => element === document.activeElement || element.contains(document.activeElement)"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"40 presses of Tab never reached {selector}; focus is on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'")}");
    }
}
