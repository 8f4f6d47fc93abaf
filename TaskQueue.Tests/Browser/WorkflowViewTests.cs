using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The workflow view: its steps as a graph whose status chips change live, with no reload, as
// the workflow runs, and whose nodes link to their tasks (which link back).
[Collection(BrowserCollection.Name)]
public sealed class WorkflowViewTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_chains_steps_turn_finished_live_and_link_to_their_tasks()
    {
        // Signed in first, so the page opens while the first step still runs.
        await using var user = await fixture.NewUserAsync();
        var (id, taskIds) = await WorkflowPage.StartAsync(fixture.Api, new
        {
            name = "browser chain",
            kind = "chain",
            tasks = new object[]
            {
                // Long enough for a loaded machine to open the page while it still runs.
                new { type = "simulation", name = "warm-up", input = new { steps = 200, seconds = 10 } },
                new { type = "fibonacci", input = new { n = 10 } },
                new { type = "script", name = "double", input = new { code = "previous * 2" } },
            },
        });

        var workflow = await WorkflowPage.OpenAsync(user, id);
        await user.MarkWindowAsync();

        await Expect(workflow.Nodes).ToHaveCountAsync(3);
        await Expect(workflow.Node(2)).ToHaveAttributeAsync("data-status", "Pending");
        await Expect(workflow.Status).ToHaveAttributeAsync("data-status", "Running");
        await Expect(workflow.Status).ToHaveAttributeAsync("data-status", "Finished", new() { Timeout = 60_000 });
        for (var step = 0; step < 3; step++)
        {
            await Expect(workflow.Node(step)).ToHaveAttributeAsync("data-status", "Finished");
        }

        await Expect(workflow.Result).ToHaveTextAsync("110");
        await user.AssertWindowNotReloadedAsync();
        await user.AssertNoErrorBarAsync();

        await workflow.Node(2).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(user.Page).ToHaveURLAsync(new Regex($"/tasks/{taskIds[2]}$"));
        await Expect(user.Page.GetByTestId("detail-workflow")).ToHaveTextAsync("browser chain");
    }
}
