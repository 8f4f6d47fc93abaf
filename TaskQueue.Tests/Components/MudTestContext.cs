using Bunit;
using MudBlazor.Services;

namespace TaskQueue.Tests.Components;

// A bUnit context with MudBlazor's services; JavaScript calls (MudBlazor's, Monaco's) return defaults.
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable; xUnit 2 would otherwise dispose synchronously.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
