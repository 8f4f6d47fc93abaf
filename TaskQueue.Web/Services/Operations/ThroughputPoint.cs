namespace TaskQueue.Web.Services.Operations;

// Tasks that ended in one time bucket; Seconds is how much of the bucket has passed, so the
// bucket still filling gives an honest rate rather than a dip.
public sealed record ThroughputPoint(DateTimeOffset Start, double Seconds, int Finished, int Failed)
{
    public double FinishedPerSecond => Finished / Seconds;
    public double FailedPerSecond => Failed / Seconds;
}
