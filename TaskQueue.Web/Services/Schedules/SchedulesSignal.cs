namespace TaskQueue.Web.Services.Schedules;

// Wakes the ScheduleFirer when a schedule is created or resumed, so that an occurrence sooner
// than the one it was sleeping for is not late.
public sealed class SchedulesSignal : WakeUpSignal;
