namespace TaskQueue.AppHost.Extensions;

internal static class RepositoryRoot
{
    // The folder holding TaskQueue.sln above the AppHost's build output; the default data
    // dir lives there so `dotnet run` from anywhere uses the same .taskqueue/.
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TaskQueue.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
