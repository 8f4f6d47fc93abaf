using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TaskQueue.Web.OpenApi;

// At build time Microsoft.Extensions.ApiDescription.Server runs this app through
// GetDocument.Insider to write obj/openapi/TaskQueue.Web.json (read by the generated test
// client). It builds and starts the app without a server: the document needs the endpoints
// and services registered, not a broker or a database. So there the connection strings are
// placeholders that are never opened, and no background service starts.
internal static class BuildTimeDocument
{
    public static bool IsBeingGenerated => Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    public static void UsePlaceholderConnections(WebApplicationBuilder builder)
    {
        if (IsBeingGenerated)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:messaging"] = "amqp://openapi:openapi@127.0.0.1:1",
                ["ConnectionStrings:tasksdb"] = "Data Source=:memory:",
            });
        }
    }

    public static void RemoveBackgroundServices(WebApplicationBuilder builder)
    {
        if (IsBeingGenerated)
        {
            builder.Services.RemoveAll<IHostedService>();
        }
    }
}
