using TaskQueue.Data.Model;

namespace TaskQueue.Web.Apis;

// The API spells kinds in lower case ("chain"), as the contract does; any case is read.
public static class WorkflowKinds
{
    public static string ToApi(WorkflowKind kind) => ToApi(kind.ToString());

    public static string ToApi(string kind) => kind.ToLowerInvariant();

    public static bool TryParse(string? text, out WorkflowKind kind) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out kind) && !int.TryParse(text, out _);
}
