namespace TaskQueue.Data.Model;

// One execution of a task by one worker. A redelivery after a worker vanished opens a new
// row for the same attempt number, and the vanished one is closed as Lost.
public sealed class TaskAttempt
{
    public long Id { get; set; }
    public Guid TaskId { get; set; }
    public int Attempt { get; set; }
    public string? WorkerId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public AttemptOutcome Outcome { get; set; } = AttemptOutcome.Running;
    public string? Error { get; set; }
    public bool Redelivered { get; set; }
}

public enum AttemptOutcome
{
    Running,
    Finished,
    Failed,
    Cancelled,
    Lost,
}
