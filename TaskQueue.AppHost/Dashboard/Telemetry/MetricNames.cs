namespace TaskQueue.AppHost.Dashboard.Telemetry;

public static class MetricNames
{
    // From the .NET runtime's System.Runtime meter (OpenTelemetry.Instrumentation.Runtime on .NET 9+).
    public const string CpuTime = "dotnet.process.cpu.time";
    public const string WorkingSet = "dotnet.process.memory.working_set";

    // From ASP.NET Core's Microsoft.AspNetCore.Hosting meter; charted as requests per second.
    public const string HttpServerDuration = "http.server.request.duration";

    // Kept by the dashboard itself: consumer spans received, i.e. messages a process handled.
    public const string MessagesProcessed = "taskqueue.dashboard.messages_processed";
}
