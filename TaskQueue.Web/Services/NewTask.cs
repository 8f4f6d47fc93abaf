using System.Text.Json;

namespace TaskQueue.Web.Services;

// A validated request for one task.
public sealed record NewTask(string Type, string Name, JsonElement Input, int MaxAttempts, int TimeoutSeconds);
