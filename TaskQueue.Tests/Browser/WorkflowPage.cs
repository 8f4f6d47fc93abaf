using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// One workflow's page, found by the data-testid attributes it documents.
public sealed class WorkflowPage
{
    private WorkflowPage(IPage page) => Page = page;

    public IPage Page { get; }
    public ILocator Status => Page.GetByTestId("workflow-status");
    public ILocator Result => Page.GetByTestId("workflow-result");
    public ILocator Nodes => Page.GetByTestId("workflow-node");

    public ILocator Node(int step) => Page.Locator($"[data-testid=workflow-node][data-step='{step}']");

    public static async Task<WorkflowPage> OpenAsync(BrowserUser user, Guid id)
    {
        await user.GotoInteractiveAsync($"/workflows/{id}");
        await Expect(user.Page.GetByTestId("workflow-graph")).ToBeVisibleAsync();
        return new WorkflowPage(user.Page);
    }

    // Starts a workflow through the REST API; returns its id and its tasks' ids in step order.
    public static async Task<(Guid Id, IReadOnlyList<Guid> TaskIds)> StartAsync(HttpClient api, object workflow)
    {
        using var response = await api.PostAsJsonAsync("/api/workflows", workflow);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("id").GetGuid(), body.GetProperty("taskIds").EnumerateArray().Select(id => id.GetGuid()).ToList());
    }
}
