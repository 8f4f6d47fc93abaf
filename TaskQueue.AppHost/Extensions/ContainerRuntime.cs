using System.Diagnostics;

namespace TaskQueue.AppHost.Extensions;

// Whether a container engine answers, asked the way Aspire will use it: the runtime named
// by ASPIRE_CONTAINER_RUNTIME (docker by default) must answer `info`. A client without an
// engine (docker installed, no daemon) does not count.
internal static class ContainerRuntime
{
    public static string Name =>
        Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME")
        ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME")
        ?? "docker";

    public static bool Answers()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Name, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
