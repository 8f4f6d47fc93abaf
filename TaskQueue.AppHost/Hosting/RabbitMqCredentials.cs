using System.Security.Cryptography;
using System.Text.Json;

namespace TaskQueue.AppHost.Hosting;

// The node's user is created from these on its first boot, so they must outlive the
// AppHost: generated once, kept in the data dir, readable by their owner only.
public sealed record RabbitMqCredentials(string User, string Password)
{
    public static RabbitMqCredentials LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<RabbitMqCredentials>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"{path} is empty; delete it together with the node's data to start afresh.");
        }

        var credentials = new RabbitMqCredentials("taskqueue", Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
        WriteOwnerOnly(path, JsonSerializer.Serialize(credentials));
        return credentials;
    }

    // Created with mode 0600 from the start, so the secret is never readable by others.
    public static void WriteOwnerOnly(string path, string contents)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, contents);
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = ownerOnly }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
        }

        File.SetUnixFileMode(path, ownerOnly);
    }
}
