using TaskQueue.Tests.Browser;

namespace TaskQueue.Tests.OpenApi;

// Redocly CLI as pinned in tools/openapi-lint (package.json + package-lock.json). A clean
// clone has no node_modules, so the first lint installs exactly the locked version with
// `npm ci`; later runs reuse it.
public static class RedoclyCli
{
    private static readonly SemaphoreSlim s_install = new(1, 1);

    // No update check and no telemetry: the lint must not depend on anything but the registry install.
    private static readonly Dictionary<string, string> s_environment = new()
    {
        ["REDOCLY_TELEMETRY"] = "off",
        ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
        ["NO_COLOR"] = "1",
    };

    public static string Folder => Path.Combine(
        RepositoryFolder.Find() ?? throw new InvalidOperationException("TaskQueue.sln was not found above the test output."),
        "tools", "openapi-lint");

    public static async Task<ToolProcess.Outcome> LintAsync(string documentPath)
    {
        var redocly = await EnsureInstalledAsync();
        return await ToolProcess.RunAsync(
            redocly, ["lint", documentPath, $"--config={Path.Combine(Folder, "redocly.yaml")}", "--format=stylish"], Folder, TimeSpan.FromMinutes(2), s_environment);
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        var redocly = Path.Combine(Folder, "node_modules", ".bin", "redocly");
        await s_install.WaitAsync();
        try
        {
            if (!File.Exists(redocly))
            {
                var install = await ToolProcess.RunAsync(
                    "npm", ["ci", "--no-audit", "--no-fund"], Folder, TimeSpan.FromMinutes(5), s_environment);
                Assert.True(install.ExitCode == 0, $"npm ci in {Folder} failed:\n{install.Output}");
            }

            return redocly;
        }
        finally
        {
            s_install.Release();
        }
    }
}
