using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Components.Live;

// A page that shows tasks as they change. Once interactive (a prerender has no circuit to push
// to) it loads again, coalesced to at most once per ChangesInterval, whenever a task that
// matters to it changes, until the user leaves. What it loads and which changes matter are
// the page's own.
public abstract class LivePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private CoalescedTaskChanges? _changes;

    [Inject] private TaskChangeNotifier Notifier { get; set; } = default!;
    [Inject] private ILogger<LivePage> Logger { get; set; } = default!;

    // Cancelled, not disposed, when the page goes: an action still finishing reads it afterwards.
    protected CancellationToken Disposed => _disposed.Token;

    protected virtual TimeSpan ChangesInterval => CoalescedTaskChanges.DefaultInterval;

    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    // Runs on the notifier's thread for every change: it must stay cheap.
    protected virtual bool IsRelevant(IReadOnlyCollection<Guid> taskIds) => true;

    protected Task ReloadAsync() => LoadAsync(Disposed);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _changes = new CoalescedTaskChanges(Notifier, token => InvokeAsync(async () =>
            {
                await LoadAsync(token);
                StateHasChanged();
            }), IsRelevant, ChangesInterval, Logger);
        }
    }

    public virtual void Dispose()
    {
        _changes?.Dispose();
        _disposed.Cancel();
        GC.SuppressFinalize(this);
    }
}
