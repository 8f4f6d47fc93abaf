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
    internal const string HealthEndpointPath = "/health";
    internal const string AlivenessEndpointPath = "/alive";
    private const int DefaultTracesPerSecond = 10;

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        if (builder.Configuration.GetValue<bool>("TaskQueue:ExitWithParent"))
        {
            builder.Services.AddHostedService<TaskQueue.ServiceDefaults.ParentProcessWatcher>();
        }

        if (SpeaksHttp(builder))
        {
            HttpServiceDefaults.AddHttpClientDefaults(builder.Services);
        }

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var speaksHttp = SpeaksHttp(builder);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                if (speaksHttp)
                {
                    HttpServiceDefaults.AddMetrics(metrics);
                }

                metrics.AddRuntimeInstrumentation();
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName);
                if (speaksHttp)
                {
                    HttpServiceDefaults.AddTracing(tracing);
                }
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

    // A service built on ASP.NET Core serves HTTP and may call out over it (HttpServiceDefaults);
    // the worker is a generic host and does neither.
    private static bool SpeaksHttp(IHostApplicationBuilder builder) => builder is WebApplicationBuilder;

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
