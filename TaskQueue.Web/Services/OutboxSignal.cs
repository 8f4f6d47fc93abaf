namespace TaskQueue.Web.Services;

// Wakes the outbox dispatcher right after a commit, so a new task is published within
// milliseconds rather than at the next poll.
public sealed class OutboxSignal : WakeUpSignal;
