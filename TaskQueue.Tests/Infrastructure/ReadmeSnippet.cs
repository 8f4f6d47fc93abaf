using System.Text;
using TaskQueue.Tests.Browser;

namespace TaskQueue.Tests.Infrastructure;

// A bash block of the README, found by the `<!-- NAME: … -->` comment above it and run as
// written, so the commands a newcomer copies stay true. Only what must differ in a test (a
// port, a data folder) is replaced.
public static class ReadmeSnippet
{
    public static string Extract(string name)
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryFolder.Find() ?? throw new InvalidOperationException("no checkout found"), "README.md"));
        var marker = Array.FindIndex(readme, line => line.StartsWith($"<!-- {name}:", StringComparison.Ordinal));
        Assert.True(marker >= 0, $"the README has no block marked <!-- {name}: … -->");
        Assert.Equal("```bash", readme[marker + 1]);
        var end = Array.IndexOf(readme, "```", marker + 2);
        return string.Join('\n', readme[(marker + 2)..end]);
    }

    public static async Task<string> RunAsync(string name, IReadOnlyDictionary<string, string> replacements, TimeSpan timeout)
    {
        var script = replacements.Aggregate(Extract(name), (text, pair) => text.Replace(pair.Key, pair.Value, StringComparison.Ordinal));
        var output = new StringBuilder();
        var bash = ManagedProcess.Start("/bin/bash", ["-eo", "pipefail", "-c", script], Path.GetTempPath(),
            new Dictionary<string, string>(), line => { lock (output) { output.AppendLine(line); } });
        if (await Task.WhenAny(bash.Exited, Task.Delay(timeout)) != bash.Exited)
        {
            bash.Kill();
            Assert.Fail($"the README's {name} block did not finish within {timeout}; it printed:\n{output}");
        }

        Assert.True(await bash.Exited == 0, $"the README's {name} block exited with {await bash.Exited}; it printed:\n{output}");
        lock (output)
        {
            return output.ToString();
        }
    }
}
