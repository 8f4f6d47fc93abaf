namespace TaskQueue.Messaging.Tasks;

// One place for every size and range limit, shared by the API (400 on violation) and the
// worker (a Failed task on violation, should an old or forged message slip through).
public static class TaskLimits
{
    public const int MaxNameLength = 200;
    public const int MaxScriptLength = 20_000;
    public const int MaxFibonacciN = 100_000;
    public const int MaxEchoBytes = 64 * 1024;
    public const int MaxSimulationSteps = 1_000_000;
    public const double MaxSimulationSeconds = 600;
    public const int MinAttempts = 1;
    public const int MaxAttempts = 10;
    public const int DefaultMaxAttempts = 3;
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 3600;
    public const int MaxBatchSize = 1000;

    // How far ahead a delayed task may be scheduled (runAt or delaySeconds).
    public const int MaxDelayDays = 365;
}
