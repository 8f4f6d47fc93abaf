using System.Text.Json;

namespace TaskQueue.AppHost.Hosting;

// Generated parameter values, kept in DATA/parameters.json (mode 0600) so the next run
// uses the same ones, as Aspire keeps generated parameters in user secrets.
public sealed class ParameterStore(string dataDir)
{
    public string FilePath => Path.Combine(dataDir, "parameters.json");

    public string? Get(string name) => Load().GetValueOrDefault(name);

    public void Set(string name, string value)
    {
        var values = Load();
        values[name] = value;
        Directory.CreateDirectory(dataDir);
        RabbitMqCredentials.WriteOwnerOnly(FilePath, JsonSerializer.Serialize(values, new JsonSerializerOptions { WriteIndented = true }));
    }

    private Dictionary<string, string> Load() =>
        File.Exists(FilePath)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(FilePath)) ?? []
            : [];
}
