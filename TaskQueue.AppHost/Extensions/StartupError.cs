namespace TaskQueue.AppHost.Extensions;

// A value the AppHost cannot start with: one line on stderr and exit code 2, before anything
// starts, so scripts and newcomers see the cause rather than a resource failing later.
internal static class StartupError
{
    public static T Exit<T>(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Environment.Exit(2);
        return default!;
    }
}
