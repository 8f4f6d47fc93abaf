using System.Diagnostics;

namespace TaskQueue.AppHost.Extensions;

// How a private PostgreSQL node of Debian's postgresql-15 is laid out: its cluster in one
// directory (initialised on the first run, password authentication only, never trust), its
// Unix socket in that same directory, TCP on loopback only. The AppHost's local database
// resource and the tests' shared server are both set up from this. PostgreSQL refuses to run
// as root, so as root (these machines) the node runs as Debian's `postgres` user and its
// directory belongs to that user.
public sealed record PostgresNodeConfig(string DataDir)
{
    public const string SuperUser = "postgres";
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private const string ServiceUser = "postgres";
    private const string SetPriv = "/usr/bin/setpriv";

    public const string InstallHint =
        "PostgreSQL 15 is not installed. Install it with: sudo apt-get install -y postgresql-15   (or run ./scripts/setup.sh), " +
        "or use a server of your own with ConnectionStrings__tasksdb=\"Host=…;Port=…;Username=…;Password=…;Database=tasksdb\"";

    // SIGTERM asks PostgreSQL for a "smart" shutdown, which waits for every client to
    // disconnect, and the orchestrator kills what is still running a few seconds later. The
    // node runs under this small shell instead, which turns SIGTERM into SIGINT: a "fast"
    // shutdown, which ends sessions and checkpoints at once.
    private const string FastShutdownScript =
        "trap 'kill -INT \"$pid\" 2>/dev/null' TERM INT; \"$@\" & pid=$!; " +
        "while ! wait \"$pid\"; do kill -0 \"$pid\" 2>/dev/null || exit 1; done";

    public static bool IsInstalled => File.Exists(Path.Combine(BinDir, "postgres")) && File.Exists(Path.Combine(BinDir, "initdb"));

    private static bool AsRoot => Environment.UserName == "root";

    public bool IsInitialised => File.Exists(Path.Combine(DataDir, "PG_VERSION"));

    // The command that runs the server in the foreground; the port comes from PGPORT.
    public (string FileName, string[] Arguments) ServerCommand() => AsService(
        ["/bin/sh", "-c", FastShutdownScript, "postgres",
         Path.Combine(BinDir, "postgres"), "-D", DataDir, "-k", DataDir, "-h", "127.0.0.1", "-c", "logging_collector=off"]);

    // Creates the cluster with `password` for the superuser; does nothing once it exists.
    public async Task InitialiseAsync(string password, CancellationToken cancellationToken)
    {
        if (IsInitialised)
        {
            return;
        }

        Directory.CreateDirectory(DataDir);
        var passwordFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(DataDir))!, $".{Path.GetFileName(DataDir)}-initdb-password");
        OwnerOnlyFile.Write(passwordFile, password);
        try
        {
            if (AsRoot)
            {
                await RunAsync("chown", ("/bin/chown", ["-R", $"{ServiceUser}:{ServiceUser}", DataDir, passwordFile]), cancellationToken);
            }

            await RunAsync("initdb", AsService([Path.Combine(BinDir, "initdb"), "-D", DataDir, "-U", SuperUser, $"--pwfile={passwordFile}",
                "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale"]), cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    public static string ConnectionString(int port, string password, string database) =>
        $"Host=127.0.0.1;Port={port};Username={SuperUser};Password={password};Database={database}";

    private static (string, string[]) AsService(string[] command) =>
        AsRoot && File.Exists(SetPriv)
            ? (SetPriv, [$"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--clear-groups", "--", .. command])
            : (command[0], command[1..]);

    private static async Task RunAsync(string name, (string FileName, string[] Arguments) command, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(command.FileName, command.Arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {command.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} failed (exit {process.ExitCode}): {await errors}{await output}");
        }
    }
}
