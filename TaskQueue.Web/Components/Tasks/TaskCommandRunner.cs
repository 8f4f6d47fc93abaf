using MudBlazor;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Components.Tasks;

// Runs a command on each selected task in a scope of its own (a circuit outlives any
// DbContext) and reports the outcome in one snackbar. Tasks already in the wrong state
// are reported, not treated as failures.
public static class TaskCommandRunner
{
    // Returns the tasks the command was done for, so a page can show that before it reloads.
    public static async Task<IReadOnlyList<Guid>> RunAsync(
        this TaskCommand command, TaskAccess access, IReadOnlyCollection<Guid> ids, IServiceScopeFactory scopes, ISnackbar snackbar, CancellationToken cancellationToken)
    {
        var done = new List<Guid>(ids.Count);
        var reasons = new List<string>();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var tasks = scope.ServiceProvider.GetRequiredService<TaskService>();
            foreach (var id in ids)
            {
                var result = await command.Run(tasks, access, id, cancellationToken);
                switch (result.Status)
                {
                    case TaskActionStatus.Accepted:
                        done.Add(id);
                        break;
                    case TaskActionStatus.Conflict:
                        reasons.Add(result.Reason ?? "not possible now");
                        break;
                    default:
                        reasons.Add("it no longer exists");
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            snackbar.Add($"{command.Verb} failed after {done.Count} of {ids.Count} tasks: {exception.Message}", Severity.Error);
            return done;
        }

        snackbar.Add(Summary(command, done.Count, reasons), reasons.Count == 0 ? Severity.Success : Severity.Warning);
        return done;
    }

    public static string Summary(TaskCommand command, int done, IReadOnlyList<string> reasons)
    {
        var text = $"{Capitalize(command.PastTense)} {done} {Tasks(done)}.";
        if (reasons.Count > 0)
        {
            var skipped = reasons.GroupBy(reason => reason).Select(group => $"{group.Count()}: {group.Key.TrimEnd('.')}");
            text += $" Skipped {reasons.Count} ({string.Join("; ", skipped)}).";
        }

        return text;
    }

    private static string Tasks(int count) => count == 1 ? "task" : "tasks";

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
