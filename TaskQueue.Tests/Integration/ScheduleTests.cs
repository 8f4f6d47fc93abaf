using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// Recurring schedules on the real pipeline: occurrences fire on the web app's ScheduleFirer,
// run on the workers and are recorded by the sink; pause, resume, trigger and delete through
// the REST API; owners and admins as for tasks; missed occurrences after downtime.
[Collection(SystemCollection.Name)]
public sealed class ScheduleTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string> BadSchedules => new()
    {
        { """{"cron":"*/5 * * * * *","task":{"type":"echo","input":{"value":1}}}""", "name" },
        { """{"name":"s","cron":"every minute","task":{"type":"echo","input":{"value":1}}}""", "cron" },
        { """{"name":"s","cron":"0 0 30 2 *","task":{"type":"echo","input":{"value":1}}}""", "cron" },
        { """{"name":"s","cron":"* * * * *","timeZone":"Nowhere/Special","task":{"type":"echo","input":{"value":1}}}""", "timeZone" },
        { """{"name":"s","cron":"* * * * *","missedRuns":"often","task":{"type":"echo","input":{"value":1}}}""", "missedRuns" },
        { """{"name":"s","cron":"* * * * *"}""", "task" },
        { """{"name":"s","cron":"* * * * *","task":{"input":{"value":1}}}""", "task.type" },
        { """{"name":"s","cron":"* * * * *","task":{"type":"fibonacci","input":{"n":-3}}}""", "task.input.n" },
        { """{"name":"s","cron":"* * * * *","task":{"type":"echo","input":{"value":1},"delaySeconds":5}}""", "task.delaySeconds" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public async Task A_bad_schedule_is_rejected_naming_the_field(string body, string field)
    {
        var pipeline = await system.GetSharedPipelineAsync();

        using var response = await pipeline.Api.PostAsync("/api/schedules", new StringContent(body, Encoding.UTF8, "application/json"));

        await ValidationProblems.AssertNamesFieldAsync(response, field);
    }

    // The "done when": every 5 s, 4±1 runs Finished in 21 s, and none after a pause.
    [Fact]
    public async Task A_schedule_every_five_seconds_runs_four_times_in_21_seconds_and_never_after_a_pause()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var created = await CreateAsync(pipeline.Api, new { name = "every 5 s", cron = "*/5 * * * * *", task = new { type = "echo", input = new { value = 5 } } });
        var id = created.GetProperty("id").GetGuid();

        await Task.Delay(TimeSpan.FromSeconds(21));
        var finished = (await RunsAsync(pipeline, id)).Count(task => task.Status == TaskItemStatus.Finished);
        using var paused = await pipeline.Api.PostAsync($"/api/schedules/{id}/pause", null);
        var atPause = (await RunsAsync(pipeline, id)).Count;
        await Task.Delay(TimeSpan.FromSeconds(6));
        var afterPause = await RunsAsync(pipeline, id);

        Assert.Equal(5, created.GetProperty("nextRuns").GetArrayLength());
        Assert.InRange(finished, 3, 5);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal(atPause, afterPause.Count);
        Assert.All(afterPause, task => Assert.Equal(0, task.OccurrenceAt!.Value.UtcTicks % (5 * TimeSpan.TicksPerSecond)));
        Assert.Equal(afterPause.Count, afterPause.Select(task => task.OccurrenceAt).Distinct().Count());
        await pipeline.Api.DeleteAsync($"/api/schedules/{id}");
    }

    [Fact]
    public async Task Trigger_runs_the_task_at_once_and_delete_keeps_the_runs()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var created = await CreateAsync(pipeline.Api, new { name = "new year", cron = "0 0 1 1 *", timeZone = "Europe/Paris", task = new { type = "fibonacci", input = new { n = 10 }, priority = "high" } });
        var id = created.GetProperty("id").GetGuid();

        using var triggered = await pipeline.Api.PostAsync($"/api/schedules/{id}/trigger", null);
        var taskId = (await triggered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var finished = await pipeline.WaitForTaskAsync(taskId, task => task.Status.IsTerminal(), s_timeout);
        var detail = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}");
        using var deleted = await pipeline.Api.DeleteAsync($"/api/schedules/{id}");
        using var afterDelete = await pipeline.Api.GetAsync($"/api/schedules/{id}");
        using var runAfterDelete = await pipeline.Api.GetAsync($"/api/tasks/{taskId}");

        Assert.Equal(HttpStatusCode.Accepted, triggered.StatusCode);
        Assert.Equal(("\"55\"", (Guid?)id, (DateTimeOffset?)null), (finished.Result, finished.ScheduleId, finished.OccurrenceAt));
        // New Year's midnight in Paris is 23:00 UTC the day before.
        Assert.Equal(new TimeSpan(23, 0, 0), detail.GetProperty("nextRunAt").GetDateTimeOffset().ToUniversalTime().TimeOfDay);
        var run = Assert.Single(detail.GetProperty("recentRuns").EnumerateArray());
        Assert.Equal((taskId, JsonValueKind.Null), (run.GetProperty("taskId").GetGuid(), run.GetProperty("occurrenceAt").ValueKind));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, runAfterDelete.StatusCode);
        Assert.Equal("high", created.GetProperty("task").GetProperty("priority").GetString());
        Assert.Equal(TaskQueue.Messaging.Tasks.TaskPriority.High, finished.Priority);
        var runDto = await runAfterDelete.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((id, "high"), (runDto.GetProperty("scheduleId").GetGuid(), runDto.GetProperty("priority").GetString()));
    }

    [Fact]
    public async Task Pause_and_resume_are_idempotent_and_resume_moves_on_from_now()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var id = (await CreateAsync(pipeline.Api, new { name = "hourly", cron = "0 * * * *", task = new { type = "echo", input = new { value = 1 } } })).GetProperty("id").GetGuid();

        var paused = await PostAsync(pipeline.Api, $"/api/schedules/{id}/pause");
        var pausedAgain = await PostAsync(pipeline.Api, $"/api/schedules/{id}/pause");
        var resumed = await PostAsync(pipeline.Api, $"/api/schedules/{id}/resume");
        var resumedAgain = await PostAsync(pipeline.Api, $"/api/schedules/{id}/resume");

        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, pausedAgain.GetProperty("nextRunAt").ValueKind);
        Assert.Equal(0, pausedAgain.GetProperty("nextRuns").GetArrayLength());
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.InRange(resumed.GetProperty("nextRunAt").GetDateTimeOffset(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal(resumed.GetProperty("nextRunAt").GetDateTimeOffset(), resumedAgain.GetProperty("nextRunAt").GetDateTimeOffset());
        await pipeline.Api.DeleteAsync($"/api/schedules/{id}");
    }

    [Fact]
    public async Task Another_users_schedule_is_404_and_admins_see_everyones()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var alice = await pipeline.CreateUserClientAsync($"alice-{Guid.NewGuid():N}"[..14]);
        using var bob = await pipeline.CreateUserClientAsync($"bob-{Guid.NewGuid():N}"[..12]);
        var id = (await CreateAsync(alice, new { name = "alice's", cron = "0 0 1 1 *", task = new { type = "echo", input = new { value = 1 } } })).GetProperty("id").GetGuid();

        using var bobGets = await bob.GetAsync($"/api/schedules/{id}");
        using var bobPauses = await bob.PostAsync($"/api/schedules/{id}/pause", null);
        using var bobTriggers = await bob.PostAsync($"/api/schedules/{id}/trigger", null);
        using var bobDeletes = await bob.DeleteAsync($"/api/schedules/{id}");
        var bobLists = await bob.GetFromJsonAsync<JsonElement>("/api/schedules");
        var aliceLists = await alice.GetFromJsonAsync<JsonElement>("/api/schedules");
        var adminLists = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/schedules");
        using var adminPauses = await pipeline.Api.PostAsync($"/api/schedules/{id}/pause", null);

        Assert.All([bobGets, bobPauses, bobTriggers, bobDeletes], response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
        Assert.Empty(bobLists.EnumerateArray());
        Assert.Equal([id], aliceLists.EnumerateArray().Select(schedule => schedule.GetProperty("id").GetGuid()));
        Assert.Contains(id, adminLists.EnumerateArray().Select(schedule => schedule.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.OK, adminPauses.StatusCode);
        await pipeline.Api.DeleteAsync($"/api/schedules/{id}");
    }

    // As if every web app had been down for three days: a daily occurrence due 30 minutes ago
    // (and the two before it) runs once with runOnce, and not at all with skip.
    [Fact]
    public async Task Occurrences_missed_while_down_run_once_or_are_skipped_as_the_schedule_says()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var latest = DateTimeOffset.UtcNow.AddMinutes(-30);
        latest = new DateTimeOffset(latest.Year, latest.Month, latest.Day, latest.Hour, latest.Minute, 0, TimeSpan.Zero);
        var cron = $"{latest.Minute} {latest.Hour} * * *";
        var runOnce = TestSchedules.Due(cron, latest.AddDays(-2), MissedRunPolicy.RunOnce);
        var skip = TestSchedules.Due(cron, latest.AddDays(-2), MissedRunPolicy.Skip);
        await using (var db = pipeline.CreateDb())
        {
            db.Schedules.AddRange(runOnce, skip);
            await db.SaveChangesAsync();
        }

        var moved = await WaitForNextRunAtAsync(pipeline, [runOnce.Id, skip.Id], latest.AddDays(1));
        var runOnceRuns = await RunsAsync(pipeline, runOnce.Id);
        var skipRuns = await RunsAsync(pipeline, skip.Id);

        Assert.True(moved, "The firer did not move both schedules on to tomorrow's occurrence.");
        var run = Assert.Single(runOnceRuns);
        Assert.Equal(latest, run.OccurrenceAt);
        Assert.Empty(skipRuns);
        await using (var db = pipeline.CreateDb())
        {
            await db.Schedules.Where(s => s.Id == runOnce.Id || s.Id == skip.Id).ExecuteDeleteAsync();
        }
    }

    private static async Task<bool> WaitForNextRunAtAsync(Pipeline pipeline, Guid[] ids, DateTimeOffset expected)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = pipeline.CreateDb();
            if (await db.Schedules.CountAsync(s => ids.Contains(s.Id) && s.NextRunAt == expected) == ids.Length)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static async Task<List<TaskItem>> RunsAsync(Pipeline pipeline, Guid scheduleId)
    {
        await using var db = pipeline.CreateDb();
        return await db.Tasks.AsNoTracking().Where(task => task.ScheduleId == scheduleId).ToListAsync();
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, object schedule)
    {
        using var response = await client.PostAsJsonAsync("/api/schedules", schedule);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.NotNull(response.Headers.Location);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
