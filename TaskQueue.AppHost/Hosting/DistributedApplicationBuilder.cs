using Microsoft.Extensions.Configuration;

namespace TaskQueue.AppHost.Hosting;

public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(string[] args)
    {
        EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        Configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{EnvironmentName}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args, AppHostOptions.SwitchMappings)
            .Build();
        Options = AppHostOptions.Bind(Configuration, Path.Combine(RepositoryRoot.Find(), ".taskqueue"));
    }

    public IConfiguration Configuration { get; }
    public AppHostOptions Options { get; }
    public string EnvironmentName { get; }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(existing => existing.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    // A value the user may give (--name or Parameters__name); without one, a generated value
    // is created once and kept in the data dir, or the parameter stays unset. A value that
    // fails validation stops the AppHost with one line and exit code 2, before anything starts.
    public ParameterResource AddParameter(
        string name, bool secret = false, Func<string>? generate = null, Func<string, string?>? validate = null, string? description = null)
    {
        var given = Configuration[$"Parameters:{name}"];
        var store = new ParameterStore(Options.DataDir);
        var value = string.IsNullOrEmpty(given) ? store.Get(name) : given;
        var generated = false;
        if (string.IsNullOrEmpty(value) && generate is not null)
        {
            value = generate();
            store.Set(name, value);
            generated = true;
            // Printed this once, as Aspire prints its dashboard login; later runs read the file.
            Console.WriteLine($"Generated {name}{(description is null ? "" : $" ({description})")}: {value}");
            Console.WriteLine($"  It is shown only now and kept in {store.FilePath} (readable by you only); set --{name} to choose your own.");
        }

        if (value is not null && validate?.Invoke(value) is { } problem)
        {
            Console.Error.WriteLine($"error: --{name} {problem}");
            Environment.Exit(2);
        }

        return new ParameterResource(name, string.IsNullOrEmpty(value) ? null : value, secret, generated);
    }

    public DistributedApplication Build() => new(_resources, Options, EnvironmentName);
}
