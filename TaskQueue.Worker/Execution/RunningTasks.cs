namespace TaskQueue.Worker.Execution;

// The tasks this worker has started whose outcomes have not yet reached the OutcomeBatcher.
// The batcher waits a moment for them before it takes a batch: a bundle's short tasks finish
// within a millisecond or so of each other, and their outcomes then go out as one message
// instead of trickling out in one or two first and the rest behind them.
public sealed class RunningTasks
{
    private readonly Lock _lock = new();
    private int _count;
    private TaskCompletionSource? _noneRunning;

    // Disposed once the task's outcome is with the batcher, or the task ends without one.
    public IDisposable Track()
    {
        lock (_lock)
        {
            _count++;
        }

        return new Running(this);
    }

    // Completes once no task is running.
    public Task NoneRunningAsync()
    {
        lock (_lock)
        {
            return _count == 0
                ? Task.CompletedTask
                : (_noneRunning ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    private void End()
    {
        TaskCompletionSource? noneRunning = null;
        lock (_lock)
        {
            if (--_count == 0)
            {
                (noneRunning, _noneRunning) = (_noneRunning, null);
            }
        }

        noneRunning?.TrySetResult();
    }

    private sealed class Running(RunningTasks owner) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.End();
            }
        }
    }
}
