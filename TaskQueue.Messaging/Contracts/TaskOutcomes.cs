namespace TaskQueue.Messaging.Contracts;

// Outcomes of one type reported by one worker, confirmed by the broker as one message: the
// broker's work per message is the largest cost per task, so a busy worker sends one of
// these per round trip instead of one message per task. Routed by the items' type
// (task.finished, task.failed, task.cancelled), like the single events.
public sealed record TaskOutcomes(IReadOnlyList<ITaskOutcome> Outcomes)
{
    public static string RoutingKeyFor(ITaskOutcome outcome) => Topology.EventRoutingKey(outcome.GetType().Name);
}
