namespace TaskQueue.Web.Replicas;

// How many copies of the web app the AppHost runs side by side (--web-replicas, passed as
// TaskQueue__WebReplicas); 1 when run alone. What depends on it: each copy's share of the
// rate limits, announcing this copy's own writes to the others, and keeping each circuit on
// one TCP connection through the proxy in front of them.
public sealed record WebReplicas(int Count)
{
    public const string ConfigurationKey = "TaskQueue:WebReplicas";

    public bool AreSeveral => Count > 1;

    public static WebReplicas Read(IConfiguration configuration) =>
        new(Math.Max(1, configuration.GetValue(ConfigurationKey, 1)));
}
