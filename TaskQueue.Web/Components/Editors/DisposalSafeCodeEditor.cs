using BlazorMonaco.Editor;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace TaskQueue.Web.Components.Editors;

// BlazorMonaco's editor, made safe to remove at any moment. Its first after-render creates the
// editor in the browser; a dialog closed right after opening disposes the component before or
// while that runs, and the library then touches its disposed .NET reference or a DOM element
// that is gone, which throws and ends the user's circuit. It also never releases the browser's
// editor, so every dialog opened left one behind in the page.
public sealed class DisposalSafeCodeEditor : StandaloneCodeEditor
{
    private bool _disposed;

    [Inject] private IJSRuntime Js { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await base.OnAfterRenderAsync(firstRender);
        }
        catch (Exception) when (_disposed)
        {
            // Removed while being set up: there is nothing left to set up.
        }
    }

    public override void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        base.Dispose();
        _ = ReleaseBrowserEditorAsync();
    }

    private async Task ReleaseBrowserEditorAsync()
    {
        try
        {
            await Js.InvokeVoidAsync("taskQueueEditors.release", Id);
        }
        catch (Exception exception) when (exception is JSDisconnectedException or JSException or TaskCanceledException or ObjectDisposedException)
        {
            // The circuit or page is gone, and the editor with it.
        }
    }
}
