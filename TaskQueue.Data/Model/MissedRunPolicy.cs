namespace TaskQueue.Data.Model;

// What a schedule does about occurrences that passed while nothing could fire them (every web
// app down, or the clock jumped forward): run once for all of them, or let them go.
public enum MissedRunPolicy
{
    RunOnce,
    Skip,
}
