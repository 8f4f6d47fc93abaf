using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace TaskQueue.Tests.Browser;

// axe-core's scan of what the page shows now. Serious and critical violations fail the test,
// each named with its rule, its help text and the elements it found; minor and moderate ones
// are written to the test's output, to be fixed in passing.
public static class AxeScan
{
    private static readonly HashSet<string> s_failing = ["serious", "critical"];

    public static async Task AssertAccessibleAsync(IPage page, string what, Action<string>? report = null)
    {
        var result = await page.RunAxe();
        foreach (var violation in result.Violations.Where(violation => !s_failing.Contains(violation.Impact ?? "")))
        {
            report?.Invoke($"{what}: {Describe(violation)}");
        }

        var failing = result.Violations.Where(violation => s_failing.Contains(violation.Impact ?? "")).ToList();
        Assert.True(failing.Count == 0,
            $"{what} has {failing.Count} serious or critical accessibility violation(s):\n" + string.Join("\n", failing.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"[{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})\n" + string.Join("\n",
            violation.Nodes.Take(5).Select(node => $"    at {node.Target}: {Shorten(node.Html)}"));

    private static string Shorten(string html) => html.Length <= 200 ? html : html[..200] + "…";
}
