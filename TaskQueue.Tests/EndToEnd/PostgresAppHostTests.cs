using System.Diagnostics;
using Npgsql;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.EndToEnd;

// `--database postgres` on a machine without a container engine: the AppHost initialises a
// private PostgreSQL node in the data dir (password authentication only), the services share
// its database, a task runs to Finished, and SIGTERM shuts the node down cleanly.
[Collection(AppHostCollection.Name)]
public sealed class PostgresAppHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_database_postgres_a_local_node_serves_the_system_and_stops_cleanly()
    {
        using var dataDir = new TestDirectory("apphost-postgres");
        var port = FreePort.Next();
        var clock = Stopwatch.StartNew();
        await using var appHost = AppHostProcess.Start(
            ["--database", "postgres", "--workers", "1", "--port", $"{port}", "--data-dir", dataDir.Path, "--failure-rate", "0", .. TestCredentials.AppHostArguments]);

        Assert.Equal($"Ready: http://localhost:{port}", await appHost.WaitForReadyAsync());
        output.WriteLine($"Ready after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains("tasksdb: using a local PostgreSQL node (Debian's PostgreSQL 15) because there is no ConnectionStrings:tasksdb", appHost.Output);
        var cluster = Path.Combine(dataDir.Path, "postgres");
        Assert.True(File.Exists(Path.Combine(cluster, "PG_VERSION")), "the cluster should be in the data dir");
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(cluster, "pg_hba.conf")), line => !line.StartsWith('#') && line.Contains("trust", StringComparison.Ordinal));

        using var api = TestCredentials.Client(new Uri($"http://localhost:{port}"));
        await SystemTasks.AssertATaskRunsAsync(api);

        // Without the generated password the node refuses a connection.
        var pgPort = int.Parse(File.ReadAllText(Path.Combine(cluster, "postmaster.pid")).Split('\n')[3], System.Globalization.CultureInfo.InvariantCulture);
        await using (var stranger = new NpgsqlConnection($"Host=127.0.0.1;Port={pgPort};Username=postgres;Password=wrong;Database=tasksdb;Pooling=false"))
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => stranger.OpenAsync());
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        }

        var started = OsProcesses.AppHostTree(appHost.Pid).ToList();
        appHost.SendSigterm();
        Assert.Equal(0, await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        foreach (var pid in started)
        {
            Assert.True(await OsProcesses.WaitUntilDeadAsync(pid, TimeSpan.FromSeconds(30)), $"process {pid} ({OsProcesses.CommandLine(pid)}) is still alive");
        }

        // A fast shutdown removes postmaster.pid; a killed server leaves it behind.
        Assert.False(File.Exists(Path.Combine(cluster, "postmaster.pid")), "PostgreSQL should have shut down cleanly");
    }
}
