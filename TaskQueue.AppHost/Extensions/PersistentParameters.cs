using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace TaskQueue.AppHost.Extensions;

public static class PersistentParameters
{
    // A secret parameter the user may give (--NAME VALUE or Parameters__NAME); without one, a
    // value is generated on the first run, printed once and kept in DATA/parameters.json
    // (mode 0600) for the next runs, as Aspire keeps generated parameters in user secrets.
    // A given value that fails validation stops the AppHost with one line and exit code 2.
    public static IResourceBuilder<ParameterResource> AddPersistentParameter(
        this IDistributedApplicationBuilder builder, string name, string dataDir,
        Func<string> generate, Func<string, string?> validate, string? announcement = null) =>
        builder.AddParameter(name, ResolvePersistentValue(builder, name, dataDir, generate, validate, announcement), secret: true);

    public static string ResolvePersistentValue(
        IDistributedApplicationBuilder builder, string name, string dataDir,
        Func<string> generate, Func<string, string?> validate, string? announcement = null)
    {
        var store = Path.Combine(dataDir, "parameters.json");
        var values = File.Exists(store)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(store)) ?? []
            : [];
        var value = builder.Configuration[name] is { Length: > 0 } option ? option
            : builder.Configuration[$"Parameters:{name}"] is { Length: > 0 } parameter ? parameter
            : values.GetValueOrDefault(name);

        if (string.IsNullOrEmpty(value))
        {
            value = generate();
            values[name] = value;
            OwnerOnlyFile.Write(store, JsonSerializer.Serialize(values, new JsonSerializerOptions { WriteIndented = true }));
            if (announcement is not null)
            {
                Console.WriteLine($"Generated {name} ({announcement}): {value}");
                Console.WriteLine($"  It is shown only now and kept in {store} (readable by you only); set --{name} to choose your own.");
            }
        }
        else if (validate(value) is { } problem)
        {
            return StartupError.Exit<string>($"--{name} {problem}");
        }

        return value;
    }
}
