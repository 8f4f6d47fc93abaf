using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace TaskQueue.AppHost.Extensions;

public static class TaskQueueServiceExtensions
{
    // What every long-running service of ours gets: a health endpoint Aspire probes, the
    // restart policy, the AppHost's trace sampling, and an instruction to exit should its
    // parent (the `dotnet run` wrapper Aspire starts it under) die, so nothing is orphaned.
    public static IResourceBuilder<ProjectResource> AsTaskQueueService(this IResourceBuilder<ProjectResource> project, AppHostOptions options)
    {
        project.RunBuildOutput()
            .WithHttpHealthCheck("/health")
            .WithRestartOnUnexpectedExit()
            .WithEnvironment("TaskQueue__ExitWithParent", "true");

        // By default each service keeps every trace up to a budget of new traces a second and no
        // more (TraceBudgetSampler): tracing each of thousands of tasks a second costs about a
        // quarter of the throughput (bench/). --trace-sampling keeps a fixed share instead, decided
        // at the root and followed by every service (the standard OTEL variables).
        if (options.TraceSampling is { } share)
        {
            project.WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", share.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            // Aspire sets OTEL_TRACES_SAMPLER=always_on for every project while developing, which
            // would overrule the budget (the services follow the standard variable when it is set).
            project.WithEnvironment("TaskQueue__TracesPerSecond", options.TracesPerSecond.ToString(CultureInfo.InvariantCulture))
                .WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_TRACES_SAMPLER"));
        }

        return project;
    }

    // Links with names people read in the dashboard's URL column.
    public static IResourceBuilder<ProjectResource> WithTaskQueuePageUrls(this IResourceBuilder<ProjectResource> web)
    {
        var http = web.GetEndpoint("http");
        return web.WithUrlForEndpoint("http", url => url.DisplayText = "Tasks")
            .WithUrl(ReferenceExpression.Create($"{http}/operations"), "Operations");
    }

    // Prints the resource table and `Ready: URL` once everything is up (ReadyAnnouncer), and
    // stops services before the broker on Ctrl+C (OrderlyShutdown).
    public static IDistributedApplicationBuilder AnnounceReadyAt(this IDistributedApplicationBuilder builder, string url)
    {
        builder.Services.AddSingleton(new ReadyUrl(url));
        builder.Services.AddHostedService<ReadyAnnouncer>();
        builder.Services.AddHostedService<OrderlyShutdown>();
        return builder;
    }

    // --dashboard-port: Aspire's dashboard listens where ASPNETCORE_URLS says (the launch
    // profile's applicationUrl otherwise).
    public static IDistributedApplicationBuilder UseDashboardPort(this IDistributedApplicationBuilder builder, int? port)
    {
        if (port is { } chosen)
        {
            builder.Configuration["ASPNETCORE_URLS"] = $"http://localhost:{chosen}";
        }

        return builder;
    }
}
