using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Components.Live;

// Turns the notifier's firehose (thousands of events a second under load) into at most one
// refresh per interval for one circuit. An event only marks the view dirty; a single loop
// refreshes, then rests for the interval, so refreshes never overlap and events arriving
// meanwhile collapse into the next one. The first change after a quiet spell shows at once.
// A refresh that fails is logged and the loop goes on: one failure must not freeze the page.
public sealed partial class CoalescedTaskChanges : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    private readonly TaskChangeNotifier _notifier;
    private readonly Func<IReadOnlyCollection<Guid>, bool> _isRelevant;
    private readonly Func<CancellationToken, Task> _refresh;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public CoalescedTaskChanges(
        TaskChangeNotifier notifier,
        Func<CancellationToken, Task> refresh,
        Func<IReadOnlyCollection<Guid>, bool>? isRelevant = null,
        TimeSpan? interval = null,
        ILogger? logger = null)
    {
        _notifier = notifier;
        _refresh = refresh;
        _isRelevant = isRelevant ?? (_ => true);
        _interval = interval ?? DefaultInterval;
        _logger = logger ?? NullLogger.Instance;
        _notifier.Changed += OnChanged;
        _loop = Task.Run(RefreshLoopAsync);
    }

    // Runs on the notifier's thread, so it must stay cheap: no I/O, no rendering.
    private void OnChanged(IReadOnlyCollection<Guid> taskIds)
    {
        if (_isRelevant(taskIds))
        {
            _dirty.Writer.TryWrite(true);
        }
    }

    private async Task RefreshLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (await _dirty.Reader.WaitToReadAsync(token))
            {
                _dirty.Reader.TryRead(out _);
                try
                {
                    await _refresh(token);
                }
                catch (Exception exception) when (!token.IsCancellationRequested)
                {
                    LogRefreshFailed(_logger, exception);
                }

                await Task.Delay(_interval, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    // Does not wait for a refresh in progress: that refresh may itself be waiting for the
    // circuit's dispatcher, which is busy disposing us. It sees the cancellation and ends.
    public void Dispose()
    {
        _notifier.Changed -= OnChanged;
        _stopping.Cancel();
        _loop.ContinueWith(_ => _stopping.Dispose(), TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live page's refresh failed; it refreshes again on the next change")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
