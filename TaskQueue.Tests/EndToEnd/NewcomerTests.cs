using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.EndToEnd;

// The AppHost as a newcomer meets it: a real process started without any credentials, read
// through what it prints, stopped with Ctrl+C. Every process it started is found through
// /proc by parentage and checked by PID.
[Collection(AppHostCollection.Name)]
public sealed partial class NewcomerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task It_prints_credentials_and_Ready_serves_the_aspire_dashboard_brings_back_a_killed_worker_and_stops_on_ctrl_c()
    {
        using var dataDir = new TestDirectory("newcomer");
        var port = FreePort.Next();
        var clock = Stopwatch.StartNew();
        await using var appHost = AppHostProcess.Start(["--workers", "3", "--port", $"{port}", "--data-dir", dataDir.Path, "--failure-rate", "0"]);

        Assert.Equal($"Ready: http://localhost:{port}", await appHost.WaitForReadyAsync());
        output.WriteLine($"Ready after {clock.Elapsed.TotalSeconds:0.0} s");

        // Generated on the first run, printed once, kept for the owner only.
        var password = Printed(appHost.Output, "Generated admin-password");
        var apiKey = Printed(appHost.Output, "Generated admin-key");
        Assert.Matches("^[A-Za-z0-9]{20}$", password);
        Assert.StartsWith("tq_", apiKey, StringComparison.Ordinal);
        var parameters = Path.Combine(dataDir.Path, "parameters.json");
        Assert.Contains(password, await File.ReadAllTextAsync(parameters));
        Assert.Contains(apiKey, await File.ReadAllTextAsync(parameters));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(parameters));
        }

        // The printed login link opens Aspire's own dashboard.
        var login = new Uri(LoginLink().Match(appHost.Output).Groups[1].Value);
        Assert.Equal(appHost.DashboardPort, login.Port);
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }))
        {
            using var loggedIn = await browser.GetAsync(login);
            Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
            var page = await browser.GetStringAsync(new Uri(login, "/"));
            Assert.Contains("<meta name=\"aspire-version\" content=\"13.6", page, StringComparison.Ordinal);
        }

        using var api = TestCredentials.Client(new Uri($"http://localhost:{port}"), apiKey);
        await SystemTasks.AssertATaskRunsAsync(api);

        // The README's curl-only first task, run as written: only the port and data folder differ.
        var firstTask = await ReadmeSnippet.RunAsync("first-task", new Dictionary<string, string>
        {
            ["localhost:5080"] = $"localhost:{port}",
            [".taskqueue/parameters.json"] = parameters,
        }, TimeSpan.FromSeconds(60));
        Assert.Contains("\"status\":\"Finished\"", firstTask);
        Assert.Contains("\"result\":\"2880067194370816120\"", firstTask);

        // A worker killed outright is replaced within 30 s.
        var workers = Workers(appHost.Pid);
        Assert.Equal(3, workers.Count);
        UnixSignals.Send(workers[0], UnixSignals.SigKill);
        clock.Restart();
        await Eventually.TrueAsync(() => Task.FromResult(Workers(appHost.Pid) is { Count: 3 } now && !now.Contains(workers[0])),
            TimeSpan.FromSeconds(30), "a new worker in place of the killed one");
        output.WriteLine($"A new worker after {clock.Elapsed.TotalSeconds:0.0} s");

        // Ctrl+C stops everything it started: services, broker, epmd, the dashboard and DCP.
        var started = OsProcesses.AppHostTree(appHost.Pid).ToList();
        Assert.Contains(started, pid => OsProcesses.CommandLine(pid).Contains("beam.smp", StringComparison.Ordinal));
        Assert.Contains(started, pid => OsProcesses.CommandLine(pid).Contains("epmd", StringComparison.Ordinal));
        Assert.Contains(started, pid => OsProcesses.CommandLine(pid).Contains("dcp", StringComparison.Ordinal));
        Assert.Contains(started, pid => OsProcesses.CommandLine(pid).Contains("TaskQueue.Web", StringComparison.Ordinal));
        clock.Restart();
        appHost.PressCtrlC();
        var exited = await Task.WhenAny(appHost.Exited, Task.Delay(TimeSpan.FromSeconds(30)));
        // A slow stop must say what was still running and what the AppHost said last.
        Assert.True(exited == appHost.Exited,
            $"The AppHost had not exited 30 s after Ctrl+C. Still alive: " +
            string.Join("; ", started.Where(OsProcesses.IsAlive).Select(pid => $"{pid} {OsProcesses.CommandLine(pid)}")) +
            $"\n--- AppHost output, last lines ---\n{string.Join('\n', appHost.Output.Split('\n').TakeLast(60))}");
        Assert.Equal(0, await appHost.Exited);
        foreach (var pid in started)
        {
            Assert.True(await OsProcesses.WaitUntilDeadAsync(pid, TimeSpan.FromSeconds(30) - clock.Elapsed),
                $"process {pid} ({OsProcesses.CommandLine(pid)}) is still alive {clock.Elapsed.TotalSeconds:0.0} s after Ctrl+C");
        }

        output.WriteLine($"Everything stopped {clock.Elapsed.TotalSeconds:0.0} s after Ctrl+C (target 10 s)");
    }

    // kill -9, or an IDE's stop button: the AppHost gets no chance to stop anything. DCP
    // watches the AppHost and tears down what it started; services exit with their parent.
    [Fact]
    public async Task An_apphost_killed_outright_leaves_nothing_running()
    {
        using var dataDir = new TestDirectory("apphost-kill");
        await using var appHost = AppHostProcess.Start(["--workers", "1", "--port", $"{FreePort.Next()}", "--data-dir", dataDir.Path, "--failure-rate", "0"]);
        await appHost.WaitForReadyAsync();
        var started = OsProcesses.AppHostTree(appHost.Pid).ToList();
        Assert.Contains(started, pid => OsProcesses.CommandLine(pid).Contains("beam.smp", StringComparison.Ordinal));

        UnixSignals.Send(appHost.Pid, UnixSignals.SigKill);
        var clock = Stopwatch.StartNew();
        foreach (var pid in started)
        {
            Assert.True(await OsProcesses.WaitUntilDeadAsync(pid, TimeSpan.FromSeconds(60) - clock.Elapsed),
                $"process {pid} ({OsProcesses.CommandLine(pid)}) outlived the AppHost by {clock.Elapsed.TotalSeconds:0.0} s");
        }

        output.WriteLine($"Everything gone {clock.Elapsed.TotalSeconds:0.0} s after the AppHost was killed");
    }

    private static List<int> Workers(int appHost) =>
        OsProcesses.AppHostTree(appHost).Where(pid => OsProcesses.CommandLine(pid).TrimEnd().EndsWith("TaskQueue.Worker", StringComparison.Ordinal)).ToList();

    private static string Printed(string output, string prefix)
    {
        var line = output.Split('\n').Single(line => line.StartsWith(prefix, StringComparison.Ordinal));
        return line[(line.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Trim();
    }

    [GeneratedRegex(@"Login to the dashboard at (http://\S+/login\?t=\w+)")]
    private static partial Regex LoginLink();
}
