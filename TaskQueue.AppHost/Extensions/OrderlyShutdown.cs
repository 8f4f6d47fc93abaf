using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskQueue.AppHost.Extensions;

// On Ctrl+C or SIGTERM, asks every resource to stop gracefully at once, through Aspire's own
// Stop command: the services drain their work (what is unacknowledged when the broker goes
// is redelivered on the next start) while the broker shuts down cleanly, which takes it ~6 s
// (RabbitMQ 3.10's management plugin waits out a 5 s timeout). Left to itself, DCP waits ~6 s
// and then kills everything, the broker included. Registered after Aspire's own services,
// so the host stops it first.
internal sealed class OrderlyShutdown(
    DistributedApplicationModel model, ResourceCommandService commands, ResourceNotificationService notifications,
    ILogger<OrderlyShutdown> logger) : BackgroundService
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(8);

    // Every replica's id and its latest state, as the notifications report them.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ResourceEvent> _latest = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            _latest[update.ResourceId] = update;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopAllAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
    }

    private async Task StopAllAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            await StopAsync(model.Resources, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Resources still running after {Timeout} s are left to the orchestrator", s_timeout.TotalSeconds);
        }
    }

    private Task StopAsync(IEnumerable<IResource> resources, CancellationToken cancellationToken) =>
        Task.WhenAll(_latest.Values
            .Where(update => resources.Contains(update.Resource) && update.Snapshot.State?.Text == KnownResourceStates.Running)
            .Select(update => commands.ExecuteCommandAsync(update.ResourceId, KnownResourceCommands.StopCommand, cancellationToken)));
}
