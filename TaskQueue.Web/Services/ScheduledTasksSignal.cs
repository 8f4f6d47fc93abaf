namespace TaskQueue.Web.Services;

// Wakes the ScheduledTaskPromoter when a delayed task is accepted, so that a task due sooner
// than the one it was sleeping for is not late.
public sealed class ScheduledTasksSignal : WakeUpSignal;
