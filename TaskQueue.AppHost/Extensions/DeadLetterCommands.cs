namespace TaskQueue.AppHost.Extensions;

public static class DeadLetterCommands
{
    // Operator actions on the broker's resource in the dashboard, the same ones the Operations
    // page offers one at a time: run every dead-lettered task again (events go back to the
    // sink), or discard them all. They go through the web app's admin API, which keeps the
    // database and the broker consistent, with the admin's API key.
    public static IResourceBuilder<T> WithDeadLetterCommands<T>(
        this IResourceBuilder<T> broker, IResourceBuilder<ProjectResource> web, IResourceBuilder<ParameterResource> adminKey)
        where T : IResource
    {
        var client = new DeadLetterClient(web.GetEndpoint("http"), adminKey.Resource);
        return broker
            .WithCommand("requeue-dead-letters", "Requeue dead letters", context => client.RequeueAllAsync(context.CancellationToken),
                new CommandOptions
                {
                    Description = "Runs every dead-lettered task again as a new attempt and sends dead-lettered events back to the sink.",
                    ConfirmationMessage = "Requeue every dead letter?",
                    IconName = "ArrowRedo",
                })
            .WithCommand("discard-dead-letters", "Discard dead letters", context => client.DiscardAllAsync(context.CancellationToken),
                new CommandOptions
                {
                    Description = "Deletes every dead letter; their tasks stay Failed with the reason.",
                    ConfirmationMessage = "Discard every dead letter? This cannot be undone.",
                    IconName = "Delete",
                });
    }
}
