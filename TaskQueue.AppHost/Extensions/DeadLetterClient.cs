using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace TaskQueue.AppHost.Extensions;

// Walks the web app's dead-letter API (/api/dead-letters) as the admin.
internal sealed class DeadLetterClient(EndpointReference web, ParameterResource adminKey)
{
    private const int PageSize = 500;

    // Bounds one command: a flood of dead letters is handled in several presses, never in a
    // request loop that runs for ever.
    private const int MaxPerCommand = 10_000;

    public Task<ExecuteCommandResult> RequeueAllAsync(CancellationToken cancellationToken) =>
        ForEachAsync((http, id) => http.PostAsync($"api/dead-letters/{id}/requeue", null, cancellationToken), "requeued", cancellationToken);

    public Task<ExecuteCommandResult> DiscardAllAsync(CancellationToken cancellationToken) =>
        ForEachAsync((http, id) => http.DeleteAsync($"api/dead-letters/{id}", cancellationToken), "discarded", cancellationToken);

    private async Task<ExecuteCommandResult> ForEachAsync(
        Func<HttpClient, long, Task<HttpResponseMessage>> act, string verb, CancellationToken cancellationToken)
    {
        try
        {
            using var http = await CreateClientAsync(cancellationToken);
            int done = 0, skipped = 0;
            var seen = new HashSet<long>();
            while (done + skipped < MaxPerCommand)
            {
                var page = await http.GetFromJsonAsync<DeadLetterPage>($"api/dead-letters?page=1&pageSize={PageSize}", cancellationToken);
                var fresh = page?.Items.Where(item => seen.Add(item.Id)).ToList() ?? [];
                if (fresh.Count == 0)
                {
                    break;
                }

                foreach (var item in fresh)
                {
                    using var response = await act(http, item.Id);
                    if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
                    {
                        done++;
                    }
                    else
                    {
                        skipped++;
                    }
                }
            }

            var message = skipped == 0 ? $"{done} dead letters {verb}." : $"{done} dead letters {verb}; {skipped} could not be (see the Operations page).";
            return new ExecuteCommandResult { Success = skipped == 0, Message = message };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new ExecuteCommandResult { Success = false, Message = $"The web app did not answer: {exception.Message}" };
        }
    }

    private async Task<HttpClient> CreateClientAsync(CancellationToken cancellationToken)
    {
        var key = await adminKey.GetValueAsync(cancellationToken);
        var http = new HttpClient { BaseAddress = new Uri(web.Url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private sealed record DeadLetterPage(List<DeadLetterItem> Items, int Total);

    private sealed record DeadLetterItem(long Id);
}
