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

    // Our pages have no frames, so axe runs in the page itself ("legacy" mode). The default
    // mode, made for cross-origin frames, opens a fresh browser page for every scan to merge the
    // frames' results: the same findings in 4–9 s per scan instead of 1–2 s (timed in the
    // tasks page with the New task dialog open, 2026-12-03), a minute of each test run.
    public static async Task AssertAccessibleAsync(IPage page, string what, Action<string>? report = null)
    {
#pragma warning disable CS0618 // Obsolete: legacy mode may go in a later Deque.AxeCore.Playwright; then the default mode.
        var result = await page.RunAxeLegacy(options: new AxeRunOptions { Iframes = false });
#pragma warning restore CS0618
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
