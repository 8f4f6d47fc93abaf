using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace TaskQueue.AppHost.Extensions;

// Marks a resource whose processes are started again when they exit unexpectedly.
public sealed class RestartOnUnexpectedExitAnnotation : IResourceAnnotation;

public static class RestartPolicyExtensions
{
    // Aspire has no restart policy: a replica that dies shows as Finished until someone
    // presses Start. With this, every replica of the resource that stops without being told to
    // is started again through Aspire's own Start command, after 1, 2, 4 … 30 s. A replica
    // stopped from the dashboard (Stop, or the stop half of Restart) stays as the operator left it.
    public static IResourceBuilder<T> WithRestartOnUnexpectedExit<T>(this IResourceBuilder<T> builder) where T : IResource
    {
        var services = builder.ApplicationBuilder.Services;
        services.TryAddSingleton<StopIntents>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UnexpectedExitRestarter>());
        builder.ApplicationBuilder.Eventing.Subscribe<BeforeResourceStartedEvent>(builder.Resource, (@event, _) =>
        {
            @event.Services.GetRequiredService<StopIntents>().WrapLifecycleCommands(@event.Resource);
            return Task.CompletedTask;
        });
        return builder.WithAnnotation(new RestartOnUnexpectedExitAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }
}
