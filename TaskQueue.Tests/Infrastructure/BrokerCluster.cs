using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskQueue.AppHost.Extensions;

namespace TaskQueue.Tests.Infrastructure;

// The AppHost's local RabbitMQ cluster as a test sees it: its nodes' management APIs (read
// from the resource table the AppHost prints), which nodes run, which node leads a queue, and
// the PID of the node behind a name, found among the AppHost's own descendants.
public sealed partial class BrokerCluster(IReadOnlyList<Uri> managementApis, string password, string dataDir, int appHostPid)
{
    public static BrokerCluster FromAppHost(string appHostOutput, string dataDir, int appHostPid)
    {
        var apis = appHostOutput.Split('\n')
            .Where(line => line.StartsWith("messaging-", StringComparison.Ordinal) && !line.StartsWith("messaging-epmd", StringComparison.Ordinal))
            .Select(line => ManagementUrl().Match(line))
            .Where(match => match.Success)
            .Select(match => new Uri(match.Value))
            .Distinct()
            .ToList();
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, "parameters.json")));
        return new BrokerCluster(apis, parameters.RootElement.GetProperty("messaging-password").GetString()!, dataDir, appHostPid);
    }

    public int NodeCount => managementApis.Count;

    public async Task<IReadOnlyList<string>> RunningNodesAsync()
    {
        var nodes = await GetFromAnyNodeAsync("/api/nodes?columns=name,running");
        return nodes.EnumerateArray().Where(node => node.GetProperty("running").GetBoolean()).Select(node => node.GetProperty("name").GetString()!).ToList();
    }

    public async Task<(string Leader, IReadOnlyList<string> Members)> QuorumQueueAsync(string queue)
    {
        var found = await GetFromAnyNodeAsync($"/api/queues/%2F/{Uri.EscapeDataString(queue)}");
        return (found.GetProperty("leader").GetString()!, found.GetProperty("members").EnumerateArray().Select(member => member.GetString()!).ToList());
    }

    // The node's Erlang VM: its command line names the node's home under DATA/rabbitmq-cluster.
    public int PidOf(string nodeName)
    {
        var nodeDir = Directory.EnumerateDirectories(Path.Combine(dataDir, "rabbitmq-cluster"))
            .Single(directory => RabbitMQNodeConfig.NodeNameFor(directory) == nodeName);
        var home = $"-home {Path.Combine(nodeDir, "home")} ";
        return OsProcesses.AppHostTree(appHostPid).Single(pid =>
            OsProcesses.CommandLine(pid).Contains("beam.smp", StringComparison.Ordinal)
            && OsProcesses.CommandLine(pid).Contains(home, StringComparison.Ordinal));
    }

    // Any node answers for the whole cluster; one that is down is skipped.
    private async Task<JsonElement> GetFromAnyNodeAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LocalRabbitMQResource.UserName}:{password}")));
        var failures = new List<string>();
        foreach (var api in managementApis)
        {
            try
            {
                return await http.GetFromJsonAsync<JsonElement>(new Uri(api, path));
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{api}: {exception.Message}");
            }
        }

        throw new InvalidOperationException($"no node's management API answered {path}: {string.Join("; ", failures)}");
    }

    [GeneratedRegex(@"http://localhost:\d+")]
    private static partial Regex ManagementUrl();
}
