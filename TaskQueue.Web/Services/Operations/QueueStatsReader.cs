using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TaskQueue.Web.Services.Operations;

// Reads the queues of this app's virtual host and the broker's nodes from the management API, on demand:
// only open Operations pages ask, every couple of seconds, so nothing polls the broker when
// no one is looking. Pages asking at about the same time share one request.
public sealed class QueueStatsReader(
    IHttpClientFactory httpClients, IConfiguration configuration, TimeProvider timeProvider, ILogger<QueueStatsReader> logger)
{
    public const string HttpClientName = "broker-management";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_shareFor = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private Task<QueueStatsSnapshot>? _latest;
    private DateTimeOffset _latestStartedAt;

    public Task<QueueStatsSnapshot> ReadAsync()
    {
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            if (_latest is null || now - _latestStartedAt >= s_shareFor)
            {
                _latestStartedAt = now;
                _latest = FetchAsync();
            }

            return _latest;
        }
    }

    // Never throws: every failure becomes a snapshot that says what went wrong. Not tied to
    // one page's cancellation, since other pages may be waiting for the same request.
    private async Task<QueueStatsSnapshot> FetchAsync()
    {
        var endpoint = BrokerManagementEndpoint.FromConfiguration(configuration, out var unavailableReason);
        if (endpoint is null)
        {
            return QueueStatsSnapshot.Unavailable(unavailableReason!, timeProvider.GetUtcNow());
        }

        // Any node of a cluster answers for all of them; one that is down is skipped.
        string? failure = null;
        foreach (var address in endpoint.Addresses)
        {
            try
            {
                // Bounds the whole resilience pipeline (retries included): the page asks again in two
                // seconds, and a quick "unavailable" beats an answer that arrives after the next poll.
                using var timeout = new CancellationTokenSource(Timeout);
                using var queues = await GetAsync(endpoint, address, $"api/queues/{Uri.EscapeDataString(endpoint.VirtualHost)}?columns={QueueStatsParser.Columns}", timeout.Token);
                using var nodes = await GetAsync(endpoint, address, $"api/nodes?columns={BrokerNodeStatsParser.Columns}", timeout.Token);
                return new QueueStatsSnapshot(QueueStatsParser.Parse(queues.RootElement), null, timeProvider.GetUtcNow())
                {
                    Nodes = BrokerNodeStatsParser.Parse(nodes.RootElement),
                };
            }
            catch (ManagementApiException answered)
            {
                failure = answered.Message;
            }
            catch (HttpRequestException exception)
            {
                failure = $"The broker's management API at {address} could not be reached: {exception.Message}";
            }
            catch (OperationCanceledException)
            {
                failure = $"The broker's management API at {address} did not answer within {Timeout.TotalSeconds:0} s.";
            }
            catch (Exception exception)
            {
                // An unexpected document, or the resilience pipeline's open circuit after repeated failures.
                logger.LogWarning(exception, "Reading queue statistics from the broker's management API failed");
                failure = $"Reading the broker's management API failed: {exception.Message}";
            }
        }

        return Unavailable(failure!);
    }

    private async Task<JsonDocument> GetAsync(BrokerManagementEndpoint endpoint, Uri address, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{endpoint.User}:{endpoint.Password}")));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ManagementApiException($"The broker's management API answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }

    private sealed class ManagementApiException(string message) : Exception(message);

    private QueueStatsSnapshot Unavailable(string reason) => QueueStatsSnapshot.Unavailable(reason, timeProvider.GetUtcNow());
}
