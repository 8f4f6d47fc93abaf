using System.Text.Json;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.Services;

// A validated request for one task. RunAt or Delay (measured from acceptance) make it a
// delayed task; neither, a task queued at once.
public sealed record NewTask(
    string Type, string Name, JsonElement Input, int MaxAttempts, int TimeoutSeconds, DateTimeOffset? RunAt = null, TimeSpan? Delay = null,
    TaskPriority Priority = TaskPriority.Normal);
