namespace TaskQueue.Web.Services.Operations;

// How long the most recently ended tasks waited in the queue (created → started) and ran
// (started → ended), over a sample of them.
public sealed record LatencySummary(int SampleSize, Percentiles? QueueWait, Percentiles? RunTime);
