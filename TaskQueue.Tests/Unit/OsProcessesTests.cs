using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Unit;

public sealed class OsProcessesTests
{
    private const int SigPipe = 13;

    // The .NET runtime ignores SIGPIPE in every process and handles SIGTERM: one bit set and one
    // not, in the mask of the process running this test.
    [Fact]
    public void Reads_which_signals_a_process_ignores()
    {
        Assert.True(OsProcesses.IgnoresSignal(Environment.ProcessId, SigPipe));
        Assert.False(OsProcesses.IgnoresSignal(Environment.ProcessId, UnixSignals.SigTerm));
    }
}
