using System.Runtime.CompilerServices;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;

namespace TaskQueue.Tests.Infrastructure;

// What a system that did not come up was doing when its test gave up: every resource's state,
// what the AppHost's restart policy logged, and the last console lines of each resource that
// was not up. Without it, a start that fails on a CI machine says only "timed out".
internal static class AspireStartReport
{
    private const int LinesPerResource = 15;
    private const int ProblemLinesPerResource = 60;
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(5);
    private static readonly System.Text.RegularExpressions.Regex s_colours = new(@"\x1b\[[0-9;]*m");
    // Console logger lines, after an optional timestamp: "fail: Category[0]", then indented ones.
    private static readonly System.Text.RegularExpressions.Regex s_problemEntry = new(@"^(\S+Z )?(warn|fail|crit): ");
    private static readonly System.Text.RegularExpressions.Regex s_continuation = new(@"^(\S+Z )?\s");

    // A resource's console lines as the dashboard shows them, without their colours: what DCP
    // has kept of the current run, then (for a running resource) whatever it writes next.
    public static async IAsyncEnumerable<string> ConsoleLinesAsync(
        DistributedApplication app, string resourceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resourceId).WithCancellation(cancellationToken))
        {
            foreach (var line in batch)
            {
                yield return s_colours.Replace(line.Content, "");
            }
        }
    }

    public static async Task<string> DescribeAsync(DistributedApplication app)
    {
        var report = new StringBuilder();
        try
        {
            var resources = await CurrentStatesAsync(app.ResourceNotifications);
            var notUp = resources.Where(pair => !IsUp(pair.Value)).OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
            foreach (var (id, snapshot) in notUp)
            {
                report.AppendLine($"not up: {id}: {snapshot.State?.Text ?? "no state"}, {snapshot.HealthStatus?.ToString() ?? "health unknown"}"
                    + (snapshot.ExitCode is { } code ? $", exit code {code}" : ""));
            }

            report.AppendLine("up: " + string.Join(", ", resources
                .Where(pair => !pair.Value.IsHidden && IsUp(pair.Value))
                .Select(pair => $"{pair.Key} ({pair.Value.State?.Text})")
                .Order(StringComparer.Ordinal)));

            foreach (var record in app.Services.GetFakeLogCollector().GetSnapshot())
            {
                report.AppendLine($"AppHost {record.Level}: {record.Message}");
            }

            foreach (var (id, _) in notUp)
            {
                report.AppendLine($"--- the last lines of {id} ---");
                foreach (var line in await LastLinesAsync(app, id))
                {
                    report.AppendLine(line);
                }
            }
        }
        catch (Exception failure)
        {
            // The report helps explain a failure; it must never hide the failure itself.
            report.AppendLine($"(the report stopped: {failure.GetType().Name}: {failure.Message})");
        }

        return report.ToString();
    }

    private static bool IsUp(CustomResourceSnapshot snapshot) =>
        snapshot.IsHidden
        || (snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus is null or HealthStatus.Healthy)
        || (snapshot.State?.Text == KnownResourceStates.Finished && snapshot.ExitCode == 0);

    // Watching replays every resource's latest state first; what arrives within the timeout is it.
    private static async Task<Dictionary<string, CustomResourceSnapshot>> CurrentStatesAsync(ResourceNotificationService notifications)
    {
        var latest = new Dictionary<string, CustomResourceSnapshot>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var update in notifications.WatchAsync(timeout.Token))
            {
                latest[update.ResourceId] = update.Snapshot;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
        }

        return latest;
    }

    // The warnings and errors every replica of a resource has logged so far, each with the lines
    // that follow it (its message and the top of its exception): what a failed test shows of
    // the service it drove.
    public static async Task<string> ProblemsAsync(DistributedApplication app, string resource)
    {
        var report = new StringBuilder();
        try
        {
            var replicas = (await CurrentStatesAsync(app.ResourceNotifications)).Keys
                .Where(id => IsReplicaOf(id, resource)).Order(StringComparer.Ordinal);
            foreach (var id in replicas)
            {
                report.AppendLine($"--- {id}: warnings and errors ---");
                foreach (var line in await LastLinesAsync(app, id, ProblemLines(), ProblemLinesPerResource))
                {
                    report.AppendLine(line);
                }
            }
        }
        catch (Exception failure)
        {
            report.AppendLine($"(the report stopped: {failure.GetType().Name}: {failure.Message})");
        }

        return report.ToString();
    }

    // A replica is named for its resource plus one suffix ("web-k2x9abcd"); Aspire's helper
    // resources beside it ("web-rebuilder-…") have more parts and are not the service.
    private static bool IsReplicaOf(string id, string resource) =>
        id == resource || (id.StartsWith(resource + "-", StringComparison.Ordinal) && !id[(resource.Length + 1)..].Contains('-'));

    // A console logger entry starts with its level and goes on in indented lines.
    private static Func<string, bool> ProblemLines()
    {
        var following = 0;
        return line =>
        {
            if (s_problemEntry.IsMatch(line))
            {
                following = 4;
                return true;
            }

            return s_continuation.IsMatch(line) && following-- > 0;
        };
    }

    private static async Task<IReadOnlyList<string>> LastLinesAsync(
        DistributedApplication app, string id, Func<string, bool>? keep = null, int max = LinesPerResource)
    {
        var lines = new Queue<string>();
        using var timeout = new CancellationTokenSource(s_readTimeout);
        try
        {
            await foreach (var line in ConsoleLinesAsync(app, id, timeout.Token))
            {
                if (keep is not null && !keep(line))
                {
                    continue;
                }

                lines.Enqueue(line);
                if (lines.Count > max)
                {
                    lines.Dequeue();
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            lines.Enqueue($"(reading the console stopped after {s_readTimeout.TotalSeconds:0} s; later lines are missing)");
        }

        return [.. lines];
    }
}
