namespace TaskQueue.AppHost.Extensions;

// The last lines a replica wrote before it exited, read back from DCP, which keeps a run's
// console until the replica starts again. A crash at start-up (a port taken, a bad setting)
// leaves its reason only there: the dashboard shows the new run's console after a restart.
internal static class LastOutput
{
    private const int MaxLines = 30;
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(3);

    public static async Task<string> ReadAsync(ResourceLoggerService logs, string replicaId, CancellationToken cancellationToken)
    {
        var lines = new Queue<string>(MaxLines + 1);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_readTimeout);
        try
        {
            await foreach (var batch in logs.GetAllAsync(replicaId).WithCancellation(timeout.Token))
            {
                foreach (var line in batch)
                {
                    lines.Enqueue(line.Content);
                    if (lines.Count > MaxLines)
                    {
                        lines.Dequeue();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // What arrived within the timeout is still worth showing, marked as not the end.
            lines.Enqueue($"(reading the console stopped after {s_readTimeout.TotalSeconds:0} s; later lines are missing)");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
