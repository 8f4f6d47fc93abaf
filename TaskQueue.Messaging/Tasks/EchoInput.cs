using System.Text.Json;

namespace TaskQueue.Messaging.Tasks;

public sealed record EchoInput(JsonElement Value = default)
{
    public void Validate(InputErrors errors, string prefix)
    {
        if (Value.ValueKind == JsonValueKind.Undefined)
        {
            errors.Add($"{prefix}.value", "value is required (any JSON value).");
        }
        else if (Value.GetRawText().Length > TaskLimits.MaxEchoBytes)
        {
            errors.Add($"{prefix}.value", $"value must be at most {TaskLimits.MaxEchoBytes} bytes of JSON.");
        }
    }
}
