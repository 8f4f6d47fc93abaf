using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskQueue.ServiceDefaults;

// Aspire starts each service under a `dotnet run` wrapper. When that wrapper dies (kill -9,
// a crashed orchestrator) the service would live on under init, holding its port and its
// broker consumers, and a restarted replica would run beside it. With
// TaskQueue:ExitWithParent set (the AppHost sets it), the service stops itself as soon as
// its parent is no longer the process that started it.
internal sealed class ParentProcessWatcher(IHostApplicationLifetime lifetime, ILogger<ParentProcessWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentProcessId();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var parent = GetParentProcessId();
        using var timer = new PeriodicTimer(s_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (GetParentProcessId() != parent)
            {
                logger.LogWarning("The process that started this service ({ParentPid}) has exited; stopping", parent);
                lifetime.StopApplication();
                return;
            }
        }
    }
}
