namespace TaskQueue.Messaging.Tasks;

public sealed record ScriptInput(string? Code = null)
{
    public void Validate(InputErrors errors, string prefix)
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            errors.Add($"{prefix}.code", "Code is required.");
        }
        else if (Code.Length > TaskLimits.MaxScriptLength)
        {
            errors.Add($"{prefix}.code", $"Code must be at most {TaskLimits.MaxScriptLength} characters.");
        }
    }
}
