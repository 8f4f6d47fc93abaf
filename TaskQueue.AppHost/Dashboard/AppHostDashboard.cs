using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using MudBlazor.Services;
using TaskQueue.AppHost.Dashboard.Components;
using TaskQueue.AppHost.Dashboard.Telemetry;
using TaskQueue.AppHost.Hosting;

namespace TaskQueue.AppHost.Dashboard;

// The AppHost's dashboard, in process on a loopback port, as Aspire's: resources, console
// logs, structured logs, traces and metrics, plus the OTLP receiver the services export their telemetry to.
public sealed class AppHostDashboard : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppHostDashboard(WebApplication app, DashboardSettings settings)
    {
        _app = app;
        Settings = settings;
    }

    public DashboardSettings Settings { get; }

    // What every service gets so that it exports to this dashboard: the standard OTEL_*
    // variables an Aspire AppHost sets, with short export intervals so the views are live.
    public IReadOnlyDictionary<string, string> TelemetryEnvironment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Settings.Url,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_EXPORTER_OTLP_HEADERS"] = $"{OtlpReceiver.ApiKeyHeader}={Settings.OtlpApiKey}",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
        // The exporters' HTTP calls go through the services' standard resilience handler,
        // which logs every attempt at Information: once a second per signal, and each of
        // those lines exported again. Its warnings (retries, open circuits) still show.
        ["Logging__LogLevel__Polly"] = "Warning",
    };

    public IEnumerable<RouteEndpoint> Endpoints =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    public static AppHostDashboard Create(DashboardSettings settings, IReadOnlyList<Resource> resources, ResourceLogs logs)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(AppHostDashboard).Assembly.GetName().Name,
            ContentRootPath = settings.ContentRoot,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseKestrel(kestrel => kestrel.ListenLocalhost(settings.Port));
        builder.WebHost.UseStaticWebAssets();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        builder.Services.AddSingleton(new DashboardResources(resources, logs));
        builder.Services.AddSingleton<TraceStore>();
        builder.Services.AddSingleton<MetricStore>();
        builder.Services.AddSingleton<LogStore>();
        builder.Services.AddDashboardAuthentication();
        builder.Services.AddAntiforgery();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapLogin(new LoginToken(settings.LoginToken));
        app.MapOtlpReceiver(settings.OtlpApiKey);
        app.MapStaticAssets(Path.Combine(settings.ContentRoot, $"{builder.Environment.ApplicationName}.staticwebassets.endpoints.json"));
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return new AppHostDashboard(app, settings);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
