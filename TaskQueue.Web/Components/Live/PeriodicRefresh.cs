namespace TaskQueue.Web.Components.Live;

// Refreshes one circuit's view every interval for as long as the view is open: figures that
// nothing announces (broker queue depths, heartbeats, elapsed times) are polled only while
// someone is looking. Refreshes never overlap; each one handles its own errors.
public sealed class PeriodicRefresh : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public PeriodicRefresh(TimeSpan interval, Func<CancellationToken, Task> refresh, TimeProvider? timeProvider = null)
    {
        _loop = Task.Run(() => RefreshLoopAsync(interval, refresh, timeProvider ?? TimeProvider.System));
    }

    private async Task RefreshLoopAsync(TimeSpan interval, Func<CancellationToken, Task> refresh, TimeProvider timeProvider)
    {
        var token = _stopping.Token;
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                await refresh(token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    // Like CoalescedTaskChanges, does not wait for a refresh in progress: it may be waiting for
    // the circuit's dispatcher, which is busy disposing us.
    public void Dispose()
    {
        _stopping.Cancel();
        _loop.ContinueWith(_ => _stopping.Dispose(), TaskScheduler.Default);
    }
}
