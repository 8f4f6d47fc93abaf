using System.Diagnostics;

namespace TaskQueue.Tests.Browser;

// The browser tests drive Debian's Chromium, never a downloaded one (`playwright install`
// needs the internet, which these machines do not have). A missing browser is installed the
// way the scripts install it, and if that fails the test run says how to fix it.
public static class ChromiumInstallation
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private const string SetupCommand = "scripts/setup.sh --browser";

    public static async Task<string> RequireAsync()
    {
        if (File.Exists(ExecutablePath))
        {
            return ExecutablePath;
        }

        var outcome = await RunSetupAsync();
        if (File.Exists(ExecutablePath))
        {
            return ExecutablePath;
        }

        throw new InvalidOperationException(
            $"The browser tests need Debian's Chromium at {ExecutablePath}, which is missing. " +
            $"Install it by running `{SetupCommand}` from the repository root (it apt-installs the `chromium` package); " +
            $"do not run `playwright install`. Running it from the tests did not help: {outcome}");
    }

    private static async Task<string> RunSetupAsync()
    {
        var root = RepositoryFolder.Find();
        if (root is null)
        {
            return "the repository root (the folder with TaskQueue.sln) was not found above the test's build output.";
        }

        var start = new ProcessStartInfo("bash", ["scripts/setup.sh", "--browser"])
        {
            WorkingDirectory = root,
            // No terminal to ask for a sudo password on: sudo fails at once instead of waiting.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var setup = Process.Start(start)!;
        setup.StandardInput.Close();
        var output = setup.StandardOutput.ReadToEndAsync();
        var errors = setup.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await setup.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Only the process we started, by its id; apt's own children finish or fail on their own.
            setup.Kill();
            return $"`{SetupCommand}` did not finish within 5 minutes.";
        }

        return $"`{SetupCommand}` exited with code {setup.ExitCode}:\n{await output}{await errors}";
    }
}
