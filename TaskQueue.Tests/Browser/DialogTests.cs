using TaskQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// A user who opens the New task dialog and changes their mind at once, again and again. The
// dialog's code editor is created in the browser after the dialog renders; closing the dialog
// before that finished used to end the user's circuit (Blazor's error bar, a dead page).
[Collection(BrowserCollection.Name)]
public sealed class DialogTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_dialog_closed_as_soon_as_it_opens_leaves_the_page_working_and_no_editor_behind()
    {
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();

        for (var round = 0; round < 30; round++)
        {
            var dialog = await tasks.OpenNewTaskDialogAsync();
            switch (round % 3)
            {
                case 0:
                    await dialog.CancelAsync();
                    break;
                case 1:
                    await dialog.PressEscapeAsync();
                    break;
                default:
                    // Another type removes the script editor from the open dialog.
                    await dialog.Root.GetByTestId("new-task-type-fibonacci").ClickAsync();
                    await dialog.CancelAsync();
                    break;
            }
        }

        await user.AssertNoErrorBarAsync();
        // Every closed dialog released its editor in the browser.
        await Expect(user.Page.Locator(".monaco-editor")).ToHaveCountAsync(0);
        await Eventually.TrueAsync(
            async () => await user.Page.EvaluateAsync<int>("() => monaco.editor.getEditors().length") == 0,
            TimeSpan.FromSeconds(10), "the page to release every closed dialog's editor");

        // And the page still works: the next dialog's editor takes code.
        var last = await tasks.OpenNewTaskDialogAsync();
        await last.ChooseTypeAsync("script");
        await last.CodeAsync("6 * 7");
        await last.CancelAsync();
        await user.AssertNoErrorBarAsync();
    }
}
