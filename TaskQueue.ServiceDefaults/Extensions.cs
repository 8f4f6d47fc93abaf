using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// The same shape as the Aspire service-defaults template, so each service runs unchanged
// under a real Aspire AppHost: telemetry, health checks, service discovery, resilience.
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const int DefaultTracesPerSecond = 10;

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        if (builder.Configuration.GetValue<bool>("TaskQueue:ExitWithParent"))
        {
            builder.Services.AddHostedService<TaskQueue.ServiceDefaults.ParentProcessWatcher>();
        }

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // A service without ASP.NET Core's server (the worker answers its probes itself) loads
        // none of its instrumentation: an idle worker's memory is a target (bench/).
        var servesHttp = builder is WebApplicationBuilder;
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                if (servesHttp)
                {
                    metrics.AddAspNetCoreInstrumentation();
                }

                metrics.AddHttpClientInstrumentation().AddRuntimeInstrumentation();
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName);
                if (servesHttp)
                {
                    tracing.AddAspNetCoreInstrumentation(options =>
                        // Health probes arrive every second from the orchestrator; tracing them buries real work.
                        options.Filter = context =>
                            !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                            && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath));
                }

                tracing.AddHttpClientInstrumentation();
            });

        // The standard OTEL_TRACES_SAMPLER, when set (the AppHost's --trace-sampling), decides;
        // otherwise every trace is kept up to a budget of new traces a second.
        if (string.IsNullOrEmpty(builder.Configuration["OTEL_TRACES_SAMPLER"]))
        {
            var tracesPerSecond = builder.Configuration.GetValue("TaskQueue:TracesPerSecond", DefaultTracesPerSecond);
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new TaskQueue.ServiceDefaults.TraceBudgetSampler(tracesPerSecond)));
        }

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    private static void AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        // Services start while the broker boots, so every probe in their first seconds finds
        // it unreachable, and the health check service logs each such result as an Error.
        // The orchestrator reads health from the endpoints, and a connection that fails says
        // so itself (BrokerConnection's warnings); those Errors were only noise.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Unlike the template, these stay on outside Development: the AppHost and the tests
        // probe them in every environment. They reveal only Healthy/Unhealthy, so they stay
        // open even where every other endpoint requires sign-in.
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains("live"),
        }).AllowAnonymous();
        return app;
    }
}
