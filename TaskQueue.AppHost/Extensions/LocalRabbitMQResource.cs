namespace TaskQueue.AppHost.Extensions;

// A private node of Debian's rabbitmq-server run as an executable, for machines without a
// container runtime: the same connection string shape as Aspire's RabbitMQ container
// resource, so services cannot tell the two apart.
public sealed class LocalRabbitMQResource(string name, string serverScript, string dataDir, ParameterResource password)
    : ExecutableResource(name, serverScript, dataDir), IResourceWithConnectionString
{
    public const string UserName = "taskqueue";
    public const string AmqpEndpointName = "tcp";
    public const string ManagementEndpointName = "management";

    private EndpointReference? _amqpEndpoint;
    private EndpointReference? _managementEndpoint;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference AmqpEndpoint => _amqpEndpoint ??= new(this, AmqpEndpointName);

    public EndpointReference ManagementEndpoint => _managementEndpoint ??= new(this, ManagementEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://{UserName}:{PasswordParameter}@{AmqpEndpoint.Property(EndpointProperty.HostAndPort)}");
}
