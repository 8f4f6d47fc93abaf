namespace TaskQueue.AppHost.Extensions;

// Secrets on disk (generated passwords, the broker's config) are created with mode 0600 from
// the start, so they are never readable by other users, not even for a moment.
public static class OwnerOnlyFile
{
    public static void Write(string path, string contents)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, contents);
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = ownerOnly }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
        }

        File.SetUnixFileMode(temporary, ownerOnly);
        File.Move(temporary, path, overwrite: true);
    }
}
