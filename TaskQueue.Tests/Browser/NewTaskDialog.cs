using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The "New task" dialog, filled in the way a person fills it in.
public sealed class NewTaskDialog
{
    private readonly IPage _page;

    private NewTaskDialog(IPage page, ILocator root)
    {
        _page = page;
        Root = root;
    }

    public ILocator Root { get; }
    public ILocator CodeEditor => Root.GetByTestId("new-task-code");

    public static async Task<NewTaskDialog> ReadyAsync(IPage page, ILocator root)
    {
        await Expect(root).ToBeVisibleAsync();
        return new NewTaskDialog(page, root);
    }

    public async Task ChooseTypeAsync(string type)
    {
        await Root.GetByTestId($"new-task-type-{type}").ClickAsync();
        if (type == "script")
        {
            // Monaco builds its editor after the dialog renders; its text lines show when it is ready.
            await Expect(CodeEditor.Locator(".monaco-editor .view-lines")).ToBeVisibleAsync();
        }
    }

    public Task NameAsync(string name) => _page.Locator("#new-task-name").FillAsync(name);

    public Task FibonacciNAsync(int n) => _page.Locator("#new-task-n").FillAsync($"{n}");

    public Task CopiesAsync(int copies) => _page.Locator("#new-task-copies").FillAsync($"{copies}");

    public Task EchoValueAsync(string json) => _page.Locator("#new-task-value").FillAsync(json);

    // Click into the editor, select everything and type over it, as a person would. Text is
    // inserted in one go rather than key by key, so Monaco's bracket auto-closing adds nothing.
    public async Task CodeAsync(string code)
    {
        await CodeEditor.Locator(".monaco-editor .view-lines").ClickAsync();
        await _page.Keyboard.PressAsync("ControlOrMeta+A");
        await _page.Keyboard.InsertTextAsync(code);
        Assert.Equal(code, await EditorValueAsync());
    }

    public Task<string> EditorValueAsync() =>
        CodeEditor.EvaluateAsync<string>(
            "root => monaco.editor.getEditors().find(editor => root.contains(editor.getContainerDomNode())).getValue()");

    public async Task CancelAsync()
    {
        await Root.GetByTestId("new-task-cancel").ClickAsync();
        await Expect(Root).ToBeHiddenAsync();
    }

    // MudBlazor starts listening for keys once the dialog's first render reached the browser;
    // a key pressed before that is lost, and the user presses it again.
    public async Task PressEscapeAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            await _page.Keyboard.PressAsync("Escape");
            try
            {
                await Expect(Root).ToBeHiddenAsync(new() { Timeout = 1_000 });
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
            }
        }
        while (true);
    }

    public async Task CreateAsync()
    {
        var create = Root.GetByTestId("new-task-create");
        await Expect(create).ToBeEnabledAsync();
        await create.ClickAsync();
        await Expect(Root).ToBeHiddenAsync();
    }
}
