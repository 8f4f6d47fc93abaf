using System.Text.Json;

namespace TaskQueue.Worker.Execution;

// How one execution ended, before it is reported.
public abstract record TaskOutcome
{
    public sealed record Finished(JsonElement Result) : TaskOutcome;

    public sealed record Failed(string Error, bool Permanent) : TaskOutcome;

    public sealed record Cancelled : TaskOutcome;

    // The worker is stopping: the task goes back to the queue for another worker.
    public sealed record Interrupted : TaskOutcome;
}
