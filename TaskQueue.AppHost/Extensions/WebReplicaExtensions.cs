namespace TaskQueue.AppHost.Extensions;

public static class WebReplicaExtensions
{
    // The web app on --port. One copy listens there itself, with no proxy in between. Several
    // copies (--web-replicas N) each listen on a port of their own that DCP allocates, behind
    // DCP's proxy on --port, which hands each new TCP connection to the next replica in turn:
    // users keep one URL. Each copy is told how many there are (TaskQueue__WebReplicas) for what
    // must know it: its share of the rate limits, announcing its own writes to the other copies,
    // and keeping a circuit on one TCP connection (see TaskQueue.Web's Replicas/WebReplicas).
    public static IResourceBuilder<ProjectResource> WithWebEndpoint(this IResourceBuilder<ProjectResource> web, AppHostOptions options)
    {
        if (options.WebReplicas == 1)
        {
            return web.WithHttpEndpoint(port: options.Port, isProxied: false);
        }

        return web.WithHttpEndpoint(port: options.Port, isProxied: true)
            .WithReplicas(options.WebReplicas)
            .WithEnvironment("TaskQueue__WebReplicas", options.WebReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
