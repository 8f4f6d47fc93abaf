using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Web.Apis;

// A schedule as the REST API shows it: its next occurrences (none while paused) and, from
// GET /api/schedules/{id}, its latest runs.
public sealed record ScheduleDto(
    Guid Id,
    string Name,
    string Cron,
    string TimeZone,
    ScheduleTaskDto Task,
    bool Paused,
    MissedRunPolicy MissedRuns,
    DateTimeOffset? NextRunAt,
    IReadOnlyList<DateTimeOffset> NextRuns,
    DateTimeOffset? LastRunAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ScheduleRunDto>? RecentRuns)
{
    public const int NextRunCount = 5;

    public static ScheduleDto From(Schedule schedule, IReadOnlyList<TaskItem>? recentRuns = null) => new(
        schedule.Id, schedule.Name, schedule.Cron, schedule.TimeZone,
        new ScheduleTaskDto(schedule.TaskType, schedule.TaskName, Parse(schedule.TaskInput), schedule.TaskMaxAttempts, schedule.TaskTimeoutSeconds,
            schedule.TaskPriority.ToName()),
        schedule.Paused, schedule.MissedRuns, schedule.NextRunAt, UpcomingRuns(schedule), schedule.LastRunAt, schedule.CreatedAt, schedule.UpdatedAt,
        recentRuns?.Select(task => new ScheduleRunDto(task.Id, task.OccurrenceAt, task.Status, task.CreatedAt)).ToList());

    public static IReadOnlyList<DateTimeOffset> UpcomingRuns(Schedule schedule) =>
        schedule.NextRunAt is { } next ? ScheduleCron.Parse(schedule.Cron, schedule.TimeZone).Upcoming(next, NextRunCount) : [];

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record ScheduleTaskDto(string Type, string Name, JsonElement Input, int MaxAttempts, int TimeoutSeconds, string Priority);

// One run of a schedule: OccurrenceAt is null for a run triggered by hand.
public sealed record ScheduleRunDto(Guid TaskId, DateTimeOffset? OccurrenceAt, TaskItemStatus Status, DateTimeOffset CreatedAt);
