using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskQueue.AppHost.Extensions;

// Prints one line, `Ready: URL`, once every resource is up: each replica Running and healthy,
// and each resource that others wait to complete (the migrations) finished with exit code 0.
// Scripts and tests wait for that line; Aspire's own "Distributed application started" comes
// when resources have been launched, not when they work. Until then it says every 30 s what
// it is still waiting for.
internal sealed class ReadyAnnouncer(
    DistributedApplicationModel model, ResourceNotificationService notifications, ReadyUrl readyUrl, ILogger<ReadyAnnouncer> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_reportEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var awaited = model.Resources.Where(resource => resource is not ParameterResource && resource is not ConnectionStringResource).ToList();
        var completing = model.Resources
            .SelectMany(resource => resource.Annotations.OfType<WaitAnnotation>())
            .Where(wait => wait.WaitType == WaitType.WaitForCompletion)
            .Select(wait => wait.Resource)
            .ToHashSet();
        var latest = new Dictionary<string, ResourceEvent>();
        var nextReport = DateTimeOffset.UtcNow + s_reportEvery;

        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            if (!latest.TryGetValue(update.ResourceId, out var previous)
                || previous.Snapshot.State?.Text != update.Snapshot.State?.Text || previous.Snapshot.HealthStatus != update.Snapshot.HealthStatus)
            {
                logger.LogDebug("{Resource}: {State}, {Health}", update.ResourceId, update.Snapshot.State?.Text, update.Snapshot.HealthStatus);
            }

            latest[update.ResourceId] = update;
            var pending = awaited.Where(resource => !IsUp(resource, completing.Contains(resource), latest.Values)).ToList();
            if (pending.Count == 0)
            {
                Console.WriteLine(ResourceTable.Format(latest.Values));
                Console.WriteLine($"Ready: {readyUrl.Value}");
                return;
            }

            if (DateTimeOffset.UtcNow > nextReport)
            {
                nextReport = DateTimeOffset.UtcNow + s_reportEvery;
                logger.LogInformation("Waiting for {Resources}", string.Join(", ", pending.Select(resource => Describe(resource, latest.Values))));
            }
        }
    }

    private static bool IsUp(IResource resource, bool completes, IEnumerable<ResourceEvent> events)
    {
        var instances = Instances(resource, events);
        // Aspire's own helpers (a project's hidden "-rebuilder") never start unless asked to.
        if (instances.Count > 0 && instances.All(snapshot => snapshot.IsHidden))
        {
            return true;
        }

        var replicas = resource.TryGetLastAnnotation<ReplicaAnnotation>(out var annotation) ? annotation.Replicas : 1;
        return instances.Count >= replicas && instances.All(snapshot => completes
            ? snapshot.State?.Text == KnownResourceStates.Finished && snapshot.ExitCode == 0
            : snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy);
    }

    private static List<CustomResourceSnapshot> Instances(IResource resource, IEnumerable<ResourceEvent> events) =>
        events.Where(update => update.Resource == resource).Select(update => update.Snapshot).ToList();

    private static string Describe(IResource resource, IEnumerable<ResourceEvent> events) =>
        $"{resource.Name} ({string.Join("; ", Instances(resource, events).Select(snapshot => $"{snapshot.State?.Text ?? "no state"}, {snapshot.HealthStatus?.ToString() ?? "health unknown"}"))})";
}

// The address announced in the Ready line.
internal sealed record ReadyUrl(string Value);
