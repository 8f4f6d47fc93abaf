using System.Collections.Concurrent;

namespace TaskQueue.AppHost.Extensions;

// Which replicas an operator stopped on purpose (the dashboard's Stop or Restart). DCP reports
// a replica it stopped exactly as one that died (Finished, exit code -1), so the restart
// policy asks here instead of guessing from the exit.
internal sealed class StopIntents
{
    private readonly ConcurrentDictionary<string, bool> _stopped = new();

    public void Mark(string resourceId) => _stopped[resourceId] = true;

    public bool Consume(string resourceId) => _stopped.TryRemove(resourceId, out _);

    // Wraps the Stop and Restart commands Aspire gave the resource so that using them is
    // recorded first. Aspire adds them while preparing resources, before starting any.
    public void WrapLifecycleCommands(IResource resource)
    {
        var commands = resource.Annotations.OfType<ResourceCommandAnnotation>()
            .Where(command => command.Name == KnownResourceCommands.StopCommand || command.Name == KnownResourceCommands.RestartCommand)
            .Where(command => command.ExecuteCommand.Target is not Recorder)
            .ToList();
        foreach (var command in commands)
        {
            var recorder = new Recorder(this, command.ExecuteCommand);
            var index = resource.Annotations.IndexOf(command);
            resource.Annotations[index] = new ResourceCommandAnnotation(command.Name, command.DisplayName, command.UpdateState,
                recorder.ExecuteAsync, command.DisplayDescription, command.Arguments, command.ConfirmationMessage, command.IconName,
                command.IconVariant, command.IsHighlighted, command.Visibility, command.ValidateArguments);
        }
    }

    private sealed class Recorder(StopIntents intents, Func<ExecuteCommandContext, Task<ExecuteCommandResult>> execute)
    {
        public Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context)
        {
            intents.Mark(context.ResourceName);
            return execute(context);
        }
    }
}
