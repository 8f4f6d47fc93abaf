namespace TaskQueue.AppHost.Extensions;

// A private node of Debian's PostgreSQL 15 run as an executable, for machines without a
// container runtime, holding one database: services get the same connection string shape as
// from Aspire's PostgreSQL container resource (Host, Port, Username, Password, Database).
public sealed class LocalPostgresResource(string name, string command, string workingDirectory, ParameterResource password, string databaseName)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public ParameterResource PasswordParameter { get; } = password;

    public string DatabaseName { get; } = databaseName;

    public EndpointReference Endpoint => _endpoint ??= new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={PostgresNodeConfig.SuperUser};Password={PasswordParameter};Database={DatabaseName}");
}
