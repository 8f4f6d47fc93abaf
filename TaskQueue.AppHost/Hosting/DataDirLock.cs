namespace TaskQueue.AppHost.Hosting;

// Two AppHosts on one data dir would start two brokers on one database directory. The lock
// is an OS file lock, so it is released even if the AppHost is killed.
internal static class DataDirLock
{
    public static FileStream? TryAcquire(string dataDir)
    {
        try
        {
            return new FileStream(Path.Combine(dataDir, "apphost.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
