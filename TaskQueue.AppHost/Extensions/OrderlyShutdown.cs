using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskQueue.AppHost.Extensions;

// On Ctrl+C or SIGTERM, stops the services first (all replicas at once, each draining its
// work), then the broker and the rest, through Aspire's own Stop command. Left to
// itself, DCP tears everything down together only after a fixed wait of its own (~6 s
// measured here), so a stop took 9–10 s and the broker could vanish under services still
// settling their last messages. Registered after Aspire's own services, so the host stops
// it first.
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
        await StopInOrderAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
    }

    private async Task StopInOrderAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        var services = model.Resources.OfType<ProjectResource>().ToList();
        try
        {
            await StopAsync(services, timeout.Token);
            await StopAsync(model.Resources.Except(services), timeout.Token);
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
