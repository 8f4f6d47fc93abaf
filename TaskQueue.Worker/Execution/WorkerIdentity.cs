namespace TaskQueue.Worker.Execution;

// The name this worker reports in events: the replica's service.instance.id when the
// AppHost (or Aspire) set one, else host and PID.
public sealed record WorkerIdentity(string Id)
{
    public static WorkerIdentity FromEnvironment()
    {
        var attributes = Environment.GetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES") ?? "";
        var instance = attributes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .FirstOrDefault(pair => pair.Length == 2 && pair[0] == "service.instance.id")?[1];
        return new WorkerIdentity($"{instance ?? Environment.MachineName}:{Environment.ProcessId}");
    }

    public override string ToString() => Id;
}
