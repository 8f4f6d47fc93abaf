using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.Apis;

// The name a schedule or a workflow must have: given, and at most as long as a task's name.
public static class NameRule
{
    public static string? Check(string? name, InputErrors errors)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add("name", "name is required.");
        }
        else if (trimmed.Length > TaskLimits.MaxNameLength)
        {
            errors.Add("name", $"name must be at most {TaskLimits.MaxNameLength} characters.");
        }

        return trimmed;
    }
}
