using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace TaskQueue.Data.Sqlite;

// One writer at a time, without SQLite's polling. SQLite lets one writer in and makes the
// others poll: a writer that finds the lock taken sleeps 1, 2, 5, 10, 15, 20, 25… ms between
// tries, so while the sink commits batch after batch a request's insert could wait tens of
// milliseconds for a lock that was free most of that time (bench/: accept→Running p99 216 ms
// at half load). Writers in this process queue on a semaphore; writers in different
// processes queue on an exclusive flock of a file beside the database, which the kernel hands
// to the next waiter the moment it is released. SQLite's own locking still guarantees
// correctness; this only orders who asks for it, and without it (another OS, an in-memory
// database, a tool outside the gate) writers simply fall back to SQLite's busy timeout.
//
// Enqueues go first (EnterAheadAsync). At half load an enqueue waited for the lock half the
// time, 2.7 ms on average, and the sink's batches were half of what it waited behind (bench/,
// 2026-12-03). Any other writer that gets the lock while an enqueue waits gives it back once
// and lets the enqueues in; it waits for them at most MaxGiveWay, so it is never starved.
public sealed class DatabaseWriteGate : IDisposable
{
    internal static readonly TimeSpan MaxGiveWay = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim _inProcess = new(1, 1);
    private readonly SafeFileHandle? _lockFile;
    private readonly WaitingEnqueues? _waitingEnqueues;

    public DatabaseWriteGate(string? databasePath)
    {
        if (OperatingSystem.IsLinux() && !string.IsNullOrEmpty(databasePath) && !databasePath.StartsWith(':'))
        {
            LockFilePath = databasePath + "-writelock";
            _lockFile = FileLock.Open(LockFilePath);
            _waitingEnqueues = new WaitingEnqueues(databasePath + "-writelock-enqueues");
        }
    }

    // Null when only this process's writers are ordered.
    public string? LockFilePath { get; }

    // For an enqueue: every other writer that gets the lock while this waits lets it go first.
    public async Task<Releaser> EnterAheadAsync(CancellationToken cancellationToken)
    {
        _waitingEnqueues?.Add();
        try
        {
            return await EnterInTurnAsync(cancellationToken);
        }
        finally
        {
            _waitingEnqueues?.Remove();
        }
    }

    // For everything else: in turn, but after the enqueues that wait when its turn comes.
    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        var entered = await EnterInTurnAsync(cancellationToken);
        if (_waitingEnqueues is null || !_waitingEnqueues.Any())
        {
            return entered;
        }

        entered.Dispose();
        var giveUp = Stopwatch.GetTimestamp() + (long)(MaxGiveWay.TotalSeconds * Stopwatch.Frequency);
        do
        {
            await Task.Delay(1, cancellationToken);
        }
        while (_waitingEnqueues.Any() && Stopwatch.GetTimestamp() < giveUp);

        return await EnterInTurnAsync(cancellationToken);
    }

    private async Task<Releaser> EnterInTurnAsync(CancellationToken cancellationToken)
    {
        await _inProcess.WaitAsync(cancellationToken);
        try
        {
            if (_lockFile is not null && !FileLock.TryTake(_lockFile, FileLock.Exclusive))
            {
                // Another process is writing: wait in the kernel for its commit, off this thread.
                await Task.Run(() => FileLock.Take(_lockFile, FileLock.Exclusive), CancellationToken.None);
            }
        }
        catch
        {
            _inProcess.Release();
            throw;
        }

        return new Releaser(this);
    }

    private void Exit()
    {
        if (_lockFile is not null)
        {
            FileLock.Release(_lockFile);
        }

        _inProcess.Release();
    }

    public void Dispose()
    {
        _lockFile?.Dispose();
        _waitingEnqueues?.Dispose();
        _inProcess.Dispose();
    }

    public readonly struct Releaser(DatabaseWriteGate gate) : IDisposable
    {
        public void Dispose() => gate.Exit();
    }
}
