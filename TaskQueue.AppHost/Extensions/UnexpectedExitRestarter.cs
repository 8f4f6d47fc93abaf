using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskQueue.AppHost.Extensions;

// Watches every replica of the resources marked for restart and starts one again when it
// leaves Running without an operator having stopped it. The count of restarts is a property
// of the replica in the dashboard ("Restarts"), and the AppHost's log keeps the last lines the
// replica wrote before it exited.
internal sealed class UnexpectedExitRestarter(
    ResourceNotificationService notifications, ResourceCommandService commands, ResourceLoggerService logs, StopIntents stopIntents,
    IHostApplicationLifetime lifetime, ILogger<UnexpectedExitRestarter> logger) : BackgroundService
{
    public const string RestartsProperty = "Restarts";

    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    // A replica that stayed up this long has recovered: its next failure starts the backoff afresh.
    private static readonly TimeSpan s_stableAfter = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Replica> _replicas = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            if (!update.Resource.HasAnnotationOfType<RestartOnUnexpectedExitAnnotation>())
            {
                continue;
            }

            var replica = _replicas.GetOrAdd(update.ResourceId, _ => new Replica());
            var state = update.Snapshot.State?.Text;
            if (state == KnownResourceStates.Running)
            {
                if (replica.RunningSince is null)
                {
                    // Started again: an earlier Stop pressed while it was not running is moot.
                    stopIntents.Consume(update.ResourceId);
                    replica.RunningSince = DateTimeOffset.UtcNow;
                }

                continue;
            }

            if (replica.RunningSince is not { } since || !KnownResourceStates.TerminalStates.Contains(state)
                || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                continue;
            }

            replica.RunningSince = null;
            if (stopIntents.Consume(update.ResourceId))
            {
                continue;
            }

            replica.Attempt = DateTimeOffset.UtcNow - since > s_stableAfter ? 1 : replica.Attempt + 1;
            _ = RestartAsync(update, replica, stoppingToken);
        }
    }

    private async Task RestartAsync(ResourceEvent update, Replica replica, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(Math.Min(s_maxBackoff.TotalSeconds, Math.Pow(2, replica.Attempt - 1)));
        var restarts = Interlocked.Increment(ref replica.Restarts);
        try
        {
            var lastOutput = await LastOutput.ReadAsync(logs, update.ResourceId, stoppingToken);
            logger.LogWarning("{Replica} exited unexpectedly (code {ExitCode}); starting it again in {Backoff} s (restart #{Restarts}). Its last output:{NewLine}{LastOutput}",
                update.ResourceId, update.Snapshot.ExitCode, backoff.TotalSeconds, restarts, Environment.NewLine, lastOutput.Length > 0 ? lastOutput : "(none)");
            await notifications.PublishUpdateAsync(update.Resource, update.ResourceId, snapshot => snapshot with
            {
                Properties = snapshot.Properties.RemoveAll(property => property.Name == RestartsProperty)
                    .Add(new ResourcePropertySnapshot(RestartsProperty, restarts)),
            });
            await Task.Delay(backoff, stoppingToken);
            var result = await commands.ExecuteCommandAsync(update.ResourceId, KnownResourceCommands.StartCommand, stoppingToken);
            if (!result.Success)
            {
                logger.LogError("Starting {Replica} again failed: {Message}", update.ResourceId, result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private sealed class Replica
    {
        public DateTimeOffset? RunningSince { get; set; }
        public int Attempt { get; set; }
        public int Restarts;
    }
}
