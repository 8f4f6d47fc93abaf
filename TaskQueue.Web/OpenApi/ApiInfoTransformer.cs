using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TaskQueue.Web.OpenApi;

// The document's title, license, tag descriptions and server URL.
internal sealed class ApiInfoTransformer : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> s_tagDescriptions = new()
    {
        ["Tasks"] = "Enqueue tasks (script, fibonacci, simulation, echo), follow them to the end, cancel, retry and delete them. " +
            "A key sees its own user's tasks; an admin's sees everyone's.",
        ["Workers"] = "The worker processes, as their heartbeats report them. Admins only.",
        ["Dead letters"] = "Messages that could never be processed, kept with the reason, to requeue or discard. Admins only.",
        ["Operations"] = "Queue figures, throughput and latency, as the Operations page shows them. Admins only.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "TaskQueue API",
            Version = "v1",
            Description = "Enqueue tasks for RabbitMQ workers and follow them to the end. Every call needs an API key " +
                "(`Authorization: Bearer tq_…`), made on the web app's API keys page. Errors are `application/problem+json`; " +
                "a 400 names each offending field in `errors`.",
            // The repository grants no open-source license: all rights are reserved.
            License = new OpenApiLicense { Name = "Proprietary (all rights reserved)" },
        };

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && s_tagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        // The server URL is built from the request ("http://host/"); paths already start with
        // a slash, so a trailing one would double it when a client joins them.
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url)
            {
                server.Url = url.TrimEnd('/');
            }
        }

        return Task.CompletedTask;
    }
}
