using System.Net.Http.Json;
using System.Text.Json;

namespace TaskQueue.Tests.Integration.Workflows;

// Starting a workflow over REST and waiting for it to end, as a client would.
internal static class WorkflowCalls
{
    public static async Task<(Guid Id, IReadOnlyList<Guid> TaskIds)> StartAsync(HttpClient api, object workflow)
    {
        using var response = await api.PostAsJsonAsync("/api/workflows", workflow);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("id").GetGuid(), body.GetProperty("taskIds").EnumerateArray().Select(id => id.GetGuid()).ToList());
    }

    public static async Task<JsonElement> WaitUntilEndedAsync(HttpClient api, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement workflow;
        do
        {
            workflow = await api.GetFromJsonAsync<JsonElement>($"/api/workflows/{id}");
            if (workflow.GetProperty("status").GetString() != "Running")
            {
                return workflow;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Workflow {id} was still running after {timeout}: {workflow}");
    }
}
