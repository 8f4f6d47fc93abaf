namespace TaskQueue.AppHost.Hosting;

// resource.GetEndpoint(name), as in Aspire: one named endpoint of a resource, resolved when a
// referencing project starts. Its URL is null when the resource has no such endpoint (an
// external broker whose management plugin we know nothing about).
public sealed record EndpointReference(Resource Resource, string EndpointName, Func<string?> Url);
