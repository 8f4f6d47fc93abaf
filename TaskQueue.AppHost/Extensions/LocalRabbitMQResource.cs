namespace TaskQueue.AppHost.Extensions;

// A private node of Debian's rabbitmq-server run as an executable, for machines without a
// container runtime: the same connection string shape as Aspire's RabbitMQ container
// resource, so services cannot tell the two apart. In a cluster the first node is the
// resource services reference, and its connection string also names every node (see
// ConnectionStringExpression).
public sealed class LocalRabbitMQResource(string name, string serverScript, string dataDir, ParameterResource password)
    : ExecutableResource(name, serverScript, dataDir), IResourceWithConnectionString
{
    public const string UserName = "taskqueue";
    public const string AmqpEndpointName = "tcp";
    public const string ManagementEndpointName = "management";

    // The query parameter that lists a cluster's nodes; TaskQueue.Messaging reads it.
    public const string EndpointsParameter = "endpoints";

    private EndpointReference? _amqpEndpoint;
    private EndpointReference? _managementEndpoint;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference AmqpEndpoint => _amqpEndpoint ??= new(this, AmqpEndpointName);

    public EndpointReference ManagementEndpoint => _managementEndpoint ??= new(this, ManagementEndpointName);

    // Every node of the cluster this node leads, itself first; empty for a single node.
    public List<LocalRabbitMQResource> ClusterNodes { get; } = [];

    // This node's own address, for its health check.
    public ReferenceExpression NodeConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://{UserName}:{PasswordParameter}@{AmqpEndpoint.Property(EndpointProperty.HostAndPort)}");

    // RabbitMQ.Client takes one URI and Aspire hands a service one connection string, so a
    // cluster's nodes travel as a query parameter the client ignores and our services read:
    // amqp://user:password@127.0.0.1:P1/?endpoints=127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3
    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            if (ClusterNodes.Count == 0)
            {
                return NodeConnectionStringExpression;
            }

            var expression = new ReferenceExpressionBuilder();
            expression.AppendLiteral($"amqp://{UserName}:");
            expression.AppendFormatted(PasswordParameter);
            expression.AppendLiteral("@");
            expression.AppendFormatted(AmqpEndpoint.Property(EndpointProperty.HostAndPort));
            expression.AppendLiteral($"/?{EndpointsParameter}=");
            for (var index = 0; index < ClusterNodes.Count; index++)
            {
                expression.AppendLiteral(index == 0 ? "" : ",");
                expression.AppendFormatted(ClusterNodes[index].AmqpEndpoint.Property(EndpointProperty.HostAndPort));
            }

            return expression.Build();
        }
    }
}
