namespace TaskQueue.Data.Model;

// A bearer key for the REST API. Only the SHA-256 of the secret is stored: the secret is
// shown once at creation. Keys are random 256-bit values, so a fast hash is enough (no
// password stretching needed) and lookups stay one indexed read per request.
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
