using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Web.Apis;

// Turns a request into a NewSchedule, or into errors naming each offending field: `name`,
// `cron`, `timeZone`, `missedRuns`, and the task's own fields under `task.` (TaskRequestValidator).
public static class ScheduleRequestValidator
{
    public static NewSchedule? Validate(CreateScheduleRequest? request, DateTimeOffset now, InputErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "A schedule object is required.");
            return null;
        }

        var name = NameRule.Check(request.Name, errors);

        var parsed = ScheduleCron.TryParse(request.Cron?.Trim(), request.TimeZone, now, errors);
        var missedRuns = MissedRunPolicy.RunOnce;
        if (request.MissedRuns is { } policy && (!Enum.TryParse(policy, ignoreCase: true, out missedRuns) || int.TryParse(policy, out _)))
        {
            errors.Add("missedRuns", $"Unknown missedRuns '{policy}': use runOnce (the default) or skip.");
        }

        if (request.Task is { } task && (task.RunAt is not null || task.DelaySeconds is not null))
        {
            errors.Add(task.RunAt is not null ? "task.runAt" : "task.delaySeconds", "A schedule's task runs at each occurrence: runAt and delaySeconds do not apply.");
        }

        var newTask = TaskRequestValidator.Validate(request.Task, errors, "task.");
        if (!errors.IsEmpty || newTask is null || parsed is null)
        {
            return null;
        }

        var timeZone = string.IsNullOrWhiteSpace(request.TimeZone) ? "UTC" : request.TimeZone.Trim();
        return new NewSchedule(name!, request.Cron!.Trim(), timeZone, missedRuns, parsed, newTask);
    }
}
