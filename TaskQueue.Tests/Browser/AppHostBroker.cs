using TaskQueue.AppHost.Hosting;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Browser;

// The AppHost's private broker as someone on the machine reaches it: the AMQP port from the
// state file, the generated credentials from the data dir. For tests that publish behind the
// services' backs.
public static class AppHostBroker
{
    public static string ConnectionString(string dataDir, AppHostState state)
    {
        // "amqp://127.0.0.1:PORT (management http://127.0.0.1:PORT)"
        var endpoint = state.Resource("messaging").Endpoint ?? throw new InvalidOperationException("The broker has no endpoint yet.");
        var amqp = new Uri(endpoint.Split(' ')[0]);
        var credentials = RabbitMqCredentials.LoadOrCreate(Path.Combine(dataDir, "rabbitmq", "credentials.json"));
        return $"amqp://{credentials.User}:{credentials.Password}@{amqp.Host}:{amqp.Port}/";
    }
}
