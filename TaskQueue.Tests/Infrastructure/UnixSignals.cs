using System.Runtime.InteropServices;

namespace TaskQueue.Tests.Infrastructure;

// Process.Kill sends SIGKILL; a graceful stop needs SIGTERM, so we ask libc directly.
public static partial class UnixSignals
{
    public const int SigInt = 2;
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    // Our children run in their own session and process group (pgid == pid), so this also
    // reaches anything they started.
    public static bool SendToGroup(int pid, int signal) => Kill(-pid, signal) == 0;
}
