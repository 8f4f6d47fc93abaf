using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TaskQueue.Data.Sqlite;

// flock(2) on files beside the database, which order SQLite's writers across processes. A
// lock belongs to one open of the file, so two opens in one process exclude each other as
// two processes do, and the kernel drops a process's locks when it dies.
internal static partial class FileLock
{
    public const int Shared = 1;
    public const int Exclusive = 2;
    private const int NonBlocking = 4;
    private const int Unlock = 8;
    private const int Interrupted = 4; // EINTR

    // .NET takes a shared flock on every file it opens for sharing, without waiting, and fails
    // the open while another open holds the exclusive one (another service is writing right
    // now): a start during a commit waits for it (milliseconds) instead of failing. The shared
    // lock is dropped once open, or every exclusive lock would wait for it forever.
    public static SafeFileHandle Open(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
                _ = Flock(file, Unlock);
                return file;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }
        }
    }

    public static bool TryTake(SafeFileHandle file, int operation) => Flock(file, operation | NonBlocking) == 0;

    // Blocks the calling thread until the lock is held.
    public static void Take(SafeFileHandle file, int operation)
    {
        while (Flock(file, operation) != 0 && Marshal.GetLastPInvokeError() == Interrupted)
        {
        }
    }

    public static void Release(SafeFileHandle file) => _ = Flock(file, Unlock);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle file, int operation);
}
