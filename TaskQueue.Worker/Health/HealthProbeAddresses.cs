using System.Net;

namespace TaskQueue.Worker.Health;

// Where the health probes are served: the addresses Kestrel would have listened on, from the
// same setting (ASPNETCORE_URLS, as the AppHost and the tests hand it out; `urls` otherwise).
internal static class HealthProbeAddresses
{
    private const string DefaultUrl = "http://localhost:5000";

    public static IReadOnlyList<IPEndPoint> From(IConfiguration configuration)
    {
        var urls = configuration["ASPNETCORE_URLS"] ?? configuration["urls"] ?? DefaultUrl;
        return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(EndPoints)
            .Distinct()
            .ToList();
    }

    private static IEnumerable<IPEndPoint> EndPoints(string url)
    {
        // Wildcard hosts (`*`, `+`) are not valid in a Uri; read them as "any address", as Kestrel does.
        var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidOperationException($"The worker's health probes are served over plain HTTP only, not at {url}.");
        }

        if (uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _))
        {
            // `localhost` is both loopback addresses, as Kestrel binds it.
            yield return new IPEndPoint(IPAddress.Loopback, uri.Port);
            if (System.Net.Sockets.Socket.OSSupportsIPv6)
            {
                yield return new IPEndPoint(IPAddress.IPv6Loopback, uri.Port);
            }

            yield break;
        }

        yield return new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
    }
}
