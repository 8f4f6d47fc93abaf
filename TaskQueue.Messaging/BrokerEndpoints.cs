using System.Globalization;
using System.Web;
using RabbitMQ.Client;

namespace TaskQueue.Messaging;

// A cluster's nodes, listed in the connection string's `endpoints` query parameter, which the
// AppHost adds for a local cluster: amqp://user:password@127.0.0.1:P1/?endpoints=127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3.
// RabbitMQ.Client takes one URI and ignores the query; given the list, every connection and
// each automatic recovery tries the nodes in random order, so a service whose node dies
// reconnects to another.
public static class BrokerEndpoints
{
    public const string QueryParameter = "endpoints";

    public static IReadOnlyList<AmqpTcpEndpoint> Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri)
            || HttpUtility.ParseQueryString(uri.Query)[QueryParameter] is not { Length: > 0 } list)
        {
            return [];
        }

        return list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(endpoint =>
            {
                var colon = endpoint.LastIndexOf(':');
                return colon > 0 && int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    ? new AmqpTcpEndpoint(endpoint[..colon], port)
                    : throw new FormatException($"The connection string's {QueryParameter} entry '{endpoint}' is not host:port.");
            })
            .ToList();
    }
}
