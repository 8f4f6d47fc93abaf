namespace TaskQueue.Tests.Browser;

// The checkout the tests were built from: the folder holding TaskQueue.sln above the build output.
public static class RepositoryFolder
{
    public static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TaskQueue.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
