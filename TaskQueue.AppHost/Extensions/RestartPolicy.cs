using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace TaskQueue.AppHost.Extensions;

// Marks a resource whose processes are started again when they exit unexpectedly.
public sealed class RestartOnUnexpectedExitAnnotation : IResourceAnnotation;

public static class RestartPolicyExtensions
{
    // Aspire has no restart policy: a replica that dies shows as Finished until someone
    // presses Start. With this, every replica of the resource that exits with a failure code
    // is started again through Aspire's own Start command, after 1, 2, 4 … 30 s. A process
    // stopped from the dashboard exits cleanly (code 0) and stays stopped.
    public static IResourceBuilder<T> WithRestartOnUnexpectedExit<T>(this IResourceBuilder<T> builder) where T : IResource
    {
        builder.ApplicationBuilder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UnexpectedExitRestarter>());
        return builder.WithAnnotation(new RestartOnUnexpectedExitAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }
}
