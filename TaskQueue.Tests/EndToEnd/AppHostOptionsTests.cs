using System.Net;
using System.Net.Sockets;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.EndToEnd;

// A mistake on the command line is one clear line and exit code 2, before anything starts.
public sealed class AppHostOptionsTests
{
    [Theory]
    [InlineData("--workers", "-1", "--workers must be a whole number from 0 to 64")]
    [InlineData("--workers", "many", "--workers must be a whole number from 0 to 64")]
    [InlineData("--failure-rate", "1.5", "--failure-rate must be a number from 0 to 1")]
    [InlineData("--failure-rate", "-0.1", "--failure-rate must be a number from 0 to 1")]
    [InlineData("--port", "70000", "--port must be a whole number from 1 to 65535")]
    [InlineData("--database", "mysql", "--database must be sqlite or postgres")]
    [InlineData("--sinks", "0", "--sinks must be a whole number from 1 to 16")]
    [InlineData("--web-replicas", "17", "--web-replicas must be a whole number from 1 to 16")]
    [InlineData("--broker-nodes", "2", "--broker-nodes must be 1 or 3 or 5")]
    [InlineData("--traces-per-second", "0", "--traces-per-second must be a whole number from 1 to 100000")]
    [InlineData("--trace-sampling", "2", "--trace-sampling must be a number from 0 to 1")]
    public async Task A_bad_option_value_exits_2_with_a_clear_message(string option, string value, string message)
    {
        using var dataDir = new TestDirectory("options");
        await using var appHost = AppHostProcess.Start([option, value, "--data-dir", dataDir.Path]);

        var exitCode = await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: {message} (got '{value}').", appHost.Output);
    }

    // A local node keeps the password it was created with: another one later is refused up
    // front, not left to fail every service's sign-in.
    [Fact]
    public async Task A_broker_password_other_than_the_nodes_first_exits_2_saying_what_to_do()
    {
        using var dataDir = new TestDirectory("options");
        Directory.CreateDirectory(Path.Combine(dataDir.Path, "rabbitmq", "mnesia"));
        var firstPasswordHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("firstpassword1"u8));
        await File.WriteAllTextAsync(Path.Combine(dataDir.Path, ".rabbitmq-messaging-password.sha256"), firstPasswordHash);

        await using var appHost = AppHostProcess.Start(["--messaging-password", "anotherpassword2", "--port", $"{FreePort.Next()}", "--data-dir", dataDir.Path]);

        Assert.Equal(2, await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("error: --messaging-password differs from the one the local RabbitMQ node's data was created with", appHost.Output);
        Assert.DoesNotContain("anotherpassword2", appHost.Output);
    }

    [Theory]
    [InlineData("--admin-password", "short1A", "--admin-password must be at least 12 characters with an upper-case letter, a lower-case letter and a digit.")]
    [InlineData("--admin-password", "alllowercaseletters", "--admin-password must be at least 12 characters")]
    [InlineData("--admin-key", "has spaces in it and more", "--admin-key must be 16 to 256 characters of letters, digits, '-' or '_'.")]
    public async Task A_bad_admin_parameter_exits_2_without_echoing_the_secret(string option, string value, string message)
    {
        using var dataDir = new TestDirectory("options");
        await using var appHost = AppHostProcess.Start([option, value, "--port", $"{FreePort.Next()}", "--data-dir", dataDir.Path]);

        Assert.Equal(2, await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"error: {message}", appHost.Output);
        Assert.DoesNotContain(value, appHost.Output);
    }

    [Fact]
    public async Task A_taken_port_exits_2_naming_the_port()
    {
        using var dataDir = new TestDirectory("options");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var appHost = AppHostProcess.Start(["--port", $"{port}", "--data-dir", dataDir.Path]);

        var exitCode = await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: port {port} is already in use; choose another with --port.", appHost.Output);
    }

    // SQLite is one file with one writer: more than one sink or web app is refused up front.
    [Theory]
    [InlineData("--sinks", "2")]
    [InlineData("--web-replicas", "3")]
    public async Task More_than_one_sink_or_web_app_on_sqlite_exits_2_saying_why(string option, string count)
    {
        using var dataDir = new TestDirectory("options");
        await using var appHost = AppHostProcess.Start([option, count, "--port", $"{FreePort.Next()}", "--data-dir", dataDir.Path]);

        Assert.Equal(2, await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        var error = Assert.Single(appHost.Output.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.Equal($"error: {option} {count} needs --database postgres: SQLite is one file on one machine with one writer, "
            + "so only one sink and one web app can use it.", error.TrimEnd('\r'));
    }

    [Fact]
    public async Task Replica_counts_can_come_from_the_environment()
    {
        using var dataDir = new TestDirectory("options");
        await using var appHost = AppHostProcess.Start(["--port", $"{FreePort.Next()}", "--data-dir", dataDir.Path],
            new Dictionary<string, string> { ["TaskQueue__WebReplicas"] = "2" });

        Assert.Equal(2, await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("error: --web-replicas 2 needs --database postgres", appHost.Output);
    }

    [Fact]
    public async Task Options_can_come_from_the_environment()
    {
        using var dataDir = new TestDirectory("options");
        await using var appHost = AppHostProcess.Start(["--data-dir", dataDir.Path],
            new Dictionary<string, string> { ["TaskQueue__Workers"] = "-5" });

        Assert.Equal(2, await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("--workers must be a whole number from 0 to 64 (got '-5')", appHost.Output);
    }

    [Theory]
    [InlineData("Messaging:Broker", "cloud", "Messaging:Broker must be existing, container or local (got 'cloud').")]
    [InlineData("Messaging:Broker", "existing", "Messaging:Broker is 'existing' but ConnectionStrings:messaging is not set.")]
    public async Task A_bad_broker_choice_exits_2_naming_the_setting(string key, string value, string message)
    {
        using var dataDir = new TestDirectory("options");
        await using var appHost = AppHostProcess.Start(["--port", $"{FreePort.Next()}", "--data-dir", dataDir.Path, $"--{key}", value]);

        Assert.Equal(2, await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"error: {message}", appHost.Output);
    }

    [Fact]
    public async Task Without_rabbitmq_server_it_exits_at_once_naming_the_install_command()
    {
        using var dataDir = new TestDirectory("options");
        await using var appHost = AppHostProcess.Start(["--port", $"{FreePort.Next()}", "--data-dir", dataDir.Path],
            new Dictionary<string, string> { ["PATH"] = "/nonexistent" });

        var exitCode = await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains("sudo apt-get install -y rabbitmq-server", appHost.Output);
        Assert.False(Directory.Exists(Path.Combine(dataDir.Path, "rabbitmq")), "nothing should have been started");
    }
}
