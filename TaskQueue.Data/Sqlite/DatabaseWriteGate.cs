using System.Runtime.InteropServices;
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
public sealed partial class DatabaseWriteGate : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int Unlock = 8;
    private const int Interrupted = 4; // EINTR

    private readonly SemaphoreSlim _inProcess = new(1, 1);
    private readonly SafeFileHandle? _lockFile;

    public DatabaseWriteGate(string? databasePath)
    {
        if (OperatingSystem.IsLinux() && !string.IsNullOrEmpty(databasePath) && !databasePath.StartsWith(':'))
        {
            LockFilePath = databasePath + "-writelock";
            _lockFile = OpenLockFile(LockFilePath);
            // .NET holds a shared flock on every file it opens for sharing; dropped here, or the
            // exclusive lock below would wait for every other process's shared one forever.
            _ = Flock(_lockFile, Unlock);
        }
    }

    // .NET takes that shared flock without waiting and fails the open while another process
    // holds the exclusive one, i.e. is writing right now: a start during another service's
    // commit waits for the commit (milliseconds) instead of failing.
    private static SafeFileHandle OpenLockFile(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }
        }
    }

    // Null when only this process's writers are ordered.
    public string? LockFilePath { get; }

    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        await _inProcess.WaitAsync(cancellationToken);
        try
        {
            if (_lockFile is not null && Flock(_lockFile, LockExclusive | LockNonBlocking) != 0)
            {
                // Another process is writing: wait in the kernel for its commit, off this thread.
                await Task.Run(WaitForFileLock, CancellationToken.None);
            }
        }
        catch
        {
            _inProcess.Release();
            throw;
        }

        return new Releaser(this);
    }

    private void WaitForFileLock()
    {
        while (Flock(_lockFile!, LockExclusive) != 0 && Marshal.GetLastPInvokeError() == Interrupted)
        {
        }
    }

    private void Exit()
    {
        if (_lockFile is not null)
        {
            _ = Flock(_lockFile, Unlock);
        }

        _inProcess.Release();
    }

    public void Dispose()
    {
        _lockFile?.Dispose();
        _inProcess.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle file, int operation);

    public readonly struct Releaser(DatabaseWriteGate gate) : IDisposable
    {
        public void Dispose() => gate.Exit();
    }
}
