using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Services;
using TaskQueue.Web.Services.Workflows;

namespace TaskQueue.Web.Apis;

// Turns a workflow request into a NewWorkflow, or into errors naming each offending field
// ("kind", "tasks[1].input.n", "callback"). Steps are checked as tasks are; they start when
// the workflow releases them, so runAt and delaySeconds are refused on them.
public static class WorkflowRequestValidator
{
    public const int MaxSteps = 100;

    public static NewWorkflow? Validate(CreateWorkflowRequest? request, InputErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "A workflow object is required.");
            return null;
        }

        var name = NameRule.Check(request.Name, errors);

        var kinds = string.Join(", ", Enum.GetNames<WorkflowKind>().Select(WorkflowKinds.ToApi));
        WorkflowKind? kind = WorkflowKinds.TryParse(request.Kind, out var parsed) ? parsed : null;
        if (kind is null)
        {
            errors.Add("kind", string.IsNullOrWhiteSpace(request.Kind) ? $"kind is required: one of {kinds}." : $"Unknown kind '{request.Kind}': use one of {kinds}.");
        }

        List<NewTask?> steps = [];
        if (request.Tasks is not { Count: > 0 and <= MaxSteps } tasks)
        {
            errors.Add("tasks", $"tasks is required: a list of 1 to {MaxSteps} tasks (got {request.Tasks?.Count ?? 0}).");
        }
        else
        {
            steps = tasks.Select((task, index) => ValidateStep(task, errors, $"tasks[{index}].")).ToList();
        }

        NewTask? callback = null;
        if (kind is WorkflowKind.Chord)
        {
            callback = request.Callback is null
                ? Missing(errors, "callback", "A chord needs a callback: the task that gets the group's results.")
                : ValidateStep(request.Callback, errors, "callback.");
        }
        else if (kind is not null && request.Callback is not null)
        {
            errors.Add("callback", $"Only a chord has a callback; a {WorkflowKinds.ToApi(kind.Value.ToString())} does not.");
        }

        return errors.IsEmpty ? new NewWorkflow(name!, kind!.Value, steps!, callback) : null;
    }

    private static NewTask? ValidateStep(CreateTaskRequest? request, InputErrors errors, string prefix)
    {
        if (request?.RunAt is not null)
        {
            errors.Add($"{prefix}runAt", "A workflow step starts when the workflow releases it: runAt is not allowed here.");
        }

        if (request?.DelaySeconds is not null)
        {
            errors.Add($"{prefix}delaySeconds", "A workflow step starts when the workflow releases it: delaySeconds is not allowed here.");
        }

        return TaskRequestValidator.Validate(request, errors, prefix);
    }

    private static NewTask? Missing(InputErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}
