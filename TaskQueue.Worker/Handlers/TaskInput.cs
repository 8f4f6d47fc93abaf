using System.Text.Json;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Handlers;

internal static class TaskInput
{
    // The API validated the input already; this guards against old or hand-made messages.
    public static T Parse<T>(string type, JsonElement input) where T : class
    {
        var errors = new InputErrors();
        return TaskInputValidator.Validate(type, input, errors) as T
            ?? throw new TaskFailedException($"Invalid input: {errors}", permanent: true);
    }

    public static JsonElement ToJson<T>(T value) => JsonSerializer.SerializeToElement(value, TaskQueue.Messaging.MessageSerializer.Options);
}
