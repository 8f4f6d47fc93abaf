namespace TaskQueue.AppHost.Extensions;

// Aspire checks an unhealthy resource again after 1, 2, 3, 4, then every 5 s, so a resource
// that comes up just after a failed check is reported up to 5 s late. The broker's check is
// patient: within one call it keeps trying, briefly, while the node boots.
internal static class PatientHealthCheck
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(200);

    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(s_interval, cancellationToken);
            }
        }
    }
}
