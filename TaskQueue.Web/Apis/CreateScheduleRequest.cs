namespace TaskQueue.Web.Apis;

// The body of POST /api/schedules. Everything is optional here so that a missing field is
// reported by name. MissedRuns is "runOnce" (the default) or "skip", in any case.
public sealed record CreateScheduleRequest(string? Name, string? Cron, string? TimeZone, CreateTaskRequest? Task, string? MissedRuns = null);
