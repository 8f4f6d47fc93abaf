namespace TaskQueue.Worker.Handlers;

// A failure the task itself caused (bad input, a script that throws). Its message is what the
// user sees. Permanent failures are not retried: another attempt would fail the same way.
public sealed class TaskFailedException(string message, bool permanent = false) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}
