using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// What only the services that speak HTTP get (the web app and the sink, both ASP.NET Core):
// ASP.NET Core's and HttpClient's telemetry, and service discovery and the standard resilience
// handler for their outgoing calls (the web app calls the broker's management API). The worker
// serves only its health probes, from a small listener, and calls nothing over HTTP. Kept in
// methods of their own, never inlined, so that the JIT never resolves these packages in the
// worker: registering the resilience handler alone loaded Polly, its options and their
// validation into every idle worker, whose memory is a target (bench/).
internal static class HttpServiceDefaults
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddHttpClientDefaults(IServiceCollection services)
    {
        services.AddServiceDiscovery();
        services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddMetrics(MeterProviderBuilder metrics) =>
        metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddTracing(TracerProviderBuilder tracing) =>
        tracing.AddAspNetCoreInstrumentation(options =>
                // Health probes arrive every second from the orchestrator; tracing them buries real work.
                options.Filter = context =>
                    !context.Request.Path.StartsWithSegments(Extensions.HealthEndpointPath)
                    && !context.Request.Path.StartsWithSegments(Extensions.AlivenessEndpointPath))
            .AddHttpClientInstrumentation();
}
