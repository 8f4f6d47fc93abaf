using RabbitMQ.Client;

namespace TaskQueue.Web.Services.Operations;

// Where the broker's management HTTP API is and how to sign in to it. The URL comes the way
// Aspire hands out a referenced endpoint (services__messaging__management__0); a cluster's
// other nodes follow as __1, __2 (service discovery's list form), tried in turn when a node
// is down. The user, password and virtual host are the ones in ConnectionStrings__messaging,
// read by the same parser the AMQP client uses so both always agree.
public sealed record BrokerManagementEndpoint(Uri BaseAddress, string User, string Password, string VirtualHost)
{
    public const string UrlKey = "services:messaging:management:0";

    public IReadOnlyList<Uri> Fallbacks { get; init; } = [];

    public IEnumerable<Uri> Addresses => Fallbacks.Prepend(BaseAddress);

    public static BrokerManagementEndpoint? FromConfiguration(IConfiguration configuration, out string? unavailableReason)
    {
        var url = configuration[UrlKey];
        if (string.IsNullOrWhiteSpace(url))
        {
            unavailableReason = "The broker's management API was not given to this app (services__messaging__management__0 is not set); " +
                "with an external broker, enable its management plugin and set that variable.";
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            unavailableReason = $"services__messaging__management__0 is not an http(s) URL: '{url}'.";
            return null;
        }

        // A trailing slash keeps a path prefix (a management API behind a proxy) when joining.
        if (!baseAddress.AbsolutePath.EndsWith('/'))
        {
            baseAddress = new Uri(baseAddress + "/");
        }

        var connectionString = configuration.GetConnectionString("messaging");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            unavailableReason = "ConnectionStrings__messaging is not set, so the management API's credentials are unknown.";
            return null;
        }

        ConnectionFactory factory;
        try
        {
            factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        }
        catch (Exception exception) when (exception is UriFormatException or ArgumentException)
        {
            unavailableReason = $"ConnectionStrings__messaging is not a valid amqp:// URI: {exception.Message}";
            return null;
        }

        var fallbacks = configuration.GetSection("services:messaging:management").GetChildren()
            .Where(entry => entry.Key != "0" && Uri.TryCreate(entry.Value, UriKind.Absolute, out _))
            .Select(entry => new Uri(entry.Value!.TrimEnd('/') + "/"))
            .ToList();
        unavailableReason = null;
        return new BrokerManagementEndpoint(baseAddress, factory.UserName, factory.Password, factory.VirtualHost) { Fallbacks = fallbacks };
    }
}
