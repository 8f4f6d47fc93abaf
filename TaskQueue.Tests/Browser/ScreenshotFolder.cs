namespace TaskQueue.Tests.Browser;

// Where the browser tests save their pictures. Tests never write into the checkout: by default
// the pictures go to a folder under the temp dir (printed, for a look after a failure), and
// scripts/screenshots.sh points TASKQUEUE_SCREENSHOTS at docs/screenshots to retake the
// README's pictures on purpose.
public static class ScreenshotFolder
{
    public static string Path { get; } = Create();

    private static string Create()
    {
        var folder = Environment.GetEnvironmentVariable("TASKQUEUE_SCREENSHOTS") is { Length: > 0 } chosen
            ? chosen
            : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "taskqueue-screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
