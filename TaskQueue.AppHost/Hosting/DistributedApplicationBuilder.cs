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

    public DistributedApplication Build() => new(_resources, Options, EnvironmentName);
}
