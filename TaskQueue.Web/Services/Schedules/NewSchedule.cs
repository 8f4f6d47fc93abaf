using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services.Schedules;

// A validated request for a schedule: its parsed cron and the task each occurrence creates.
public sealed record NewSchedule(string Name, string Cron, string TimeZone, MissedRunPolicy MissedRuns, ScheduleCron Parsed, NewTask Task);
