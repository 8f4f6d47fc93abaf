using Microsoft.Win32.SafeHandles;

namespace TaskQueue.Data.Sqlite;

// Tells every writer of the database, in any process, that an enqueue is waiting for the write
// lock. An enqueue is what a caller waits on (its 202) and holds the lock ~1 ms; the sink's
// batches and the outbox's deletes are background work that a few milliseconds do not hurt.
// A waiting enqueue holds a shared flock on a file beside the database (one per process, held
// while any of the process's enqueues wait); a writer that checks tries the exclusive lock
// through its own open of the file, which fails while anyone holds the shared one.
internal sealed class WaitingEnqueues(string path) : IDisposable
{
    private readonly SafeFileHandle _announcement = FileLock.Open(path);
    private readonly SafeFileHandle _probe = FileLock.Open(path);
    private readonly Lock _count = new();
    private readonly Lock _probing = new();
    private int _waiting;
    private bool _announced;

    public void Add()
    {
        lock (_count)
        {
            _waiting++;
            // Never blocks: a checker holds the exclusive lock for two system calls, and an
            // enqueue that meets one waits in turn, as every writer did before; the next adds it.
            _announced = _announced || FileLock.TryTake(_announcement, FileLock.Shared);
        }
    }

    public void Remove()
    {
        lock (_count)
        {
            if (--_waiting == 0 && _announced)
            {
                FileLock.Release(_announcement);
                _announced = false;
            }
        }
    }

    public bool Any()
    {
        lock (_probing)
        {
            if (!FileLock.TryTake(_probe, FileLock.Exclusive))
            {
                return true;
            }

            FileLock.Release(_probe);
            return false;
        }
    }

    public void Dispose()
    {
        _announcement.Dispose();
        _probe.Dispose();
    }
}
