using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace TaskQueue.AppHost.Hosting;

// The subset of Aspire's hosting API this AppHost uses, with the same names and meanings.
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RabbitMQServerResource(name, builder.Configuration.GetConnectionString(name)));

    public static IResourceBuilder<SqliteResource> AddSqlite(this DistributedApplicationBuilder builder, string name, string databaseFileName) =>
        builder.AddResource(new SqliteResource(name, databaseFileName));

    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddResource(new ProjectResource(name, new TProject()));

    // Injects ConnectionStrings__{name}, resolved when the project starts: after the source is
    // allocated (its ports and credentials chosen), not necessarily running; WaitFor waits
    // for that.
    public static IResourceBuilder<ProjectResource> WithReference<TSource>(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<TSource> source)
        where TSource : Resource, IResourceWithConnectionString
    {
        var target = source.Resource;
        builder.Resource.Environment[$"ConnectionStrings__{target.Name}"] = () => target.ConnectionString;
        builder.Resource.Waits.Add((target, WaitKind.Allocated));
        return builder;
    }

    // Injects services__{name}__http__0, the variable service discovery reads.
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> service)
    {
        var target = service.Resource;
        builder.Resource.Environment[$"services__{target.Name}__http__0"] = () =>
        {
            // The referenced service may start later; its ports are chosen on first use.
            target.AssignEndpoints();
            return target.PrimaryUrl ?? "";
        };
        return builder;
    }

    public static EndpointReference GetEndpoint(this IResourceBuilder<RabbitMQServerResource> builder, string name) =>
        name == "management"
            ? new EndpointReference(builder.Resource, name, () => builder.Resource.ManagementUrl)
            : throw new ArgumentException($"{builder.Resource.Name} has no endpoint named '{name}'.", nameof(name));

    // Injects services__{resource}__{endpoint}__0, the variable service discovery reads; empty
    // when the endpoint does not exist, so the service can say so instead of failing.
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> builder, EndpointReference endpoint)
    {
        builder.Resource.Environment[$"services__{endpoint.Resource.Name}__{endpoint.EndpointName}__0"] = () => endpoint.Url() ?? "";
        builder.Resource.Waits.Add((endpoint.Resource, WaitKind.Allocated));
        return builder;
    }

    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        builder.Resource.Waits.Add((dependency.Resource, WaitKind.Healthy));
        return builder;
    }

    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        builder.Resource.Waits.Add((dependency.Resource, WaitKind.Completion));
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        builder.Resource.ReplicaCount = replicas;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string name, string value)
    {
        builder.Resource.Environment[name] = () => value;
        return builder;
    }

    // An unset parameter passes an empty value, which the service reads as "not configured".
    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string name, ParameterResource parameter)
    {
        builder.Resource.Environment[name] = () => parameter.Value ?? "";
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string name, double value) =>
        builder.WithEnvironment(name, value.ToString(CultureInfo.InvariantCulture));

    // A port of null means "pick a free one", per replica.
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int? port = null)
    {
        builder.Resource.HasHttpEndpoint = true;
        builder.Resource.HttpPort = port;
        return builder;
    }

    // Bound to localhost for browsers rather than 127.0.0.1 only.
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.IsExternal = true;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health")
    {
        builder.Resource.HasHttpEndpoint = true;
        builder.Resource.HealthCheckPath = path;
        return builder;
    }
}
