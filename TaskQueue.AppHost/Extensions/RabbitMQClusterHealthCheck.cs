using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskQueue.AppHost.Extensions;

// Healthy when every node of the cluster runs in it, as a node's management API reports
// (GET /api/nodes): a node that booted but did not join, or one that is down, keeps
// the cluster unhealthy, and the dashboard says which.
internal sealed class RabbitMQClusterHealthCheck(LocalRabbitMQResource node, int expectedNodes) : IHealthCheck
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var password = await node.PasswordParameter.GetValueAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(node.ManagementEndpoint.Url), "/api/nodes?columns=name,running"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LocalRabbitMQResource.UserName}:{password}")));
            using var response = await s_http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var nodes = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var running = nodes.RootElement.EnumerateArray().Where(node => node.GetProperty("running").GetBoolean()).Select(node => node.GetProperty("name").GetString()).ToList();
            return running.Count >= expectedNodes
                ? HealthCheckResult.Healthy($"{running.Count} nodes running: {string.Join(", ", running)}")
                : HealthCheckResult.Unhealthy($"{running.Count} of {expectedNodes} nodes running in the cluster ({string.Join(", ", running)})");
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the cluster's membership cannot be read yet: {exception.Message}");
        }
    }
}
