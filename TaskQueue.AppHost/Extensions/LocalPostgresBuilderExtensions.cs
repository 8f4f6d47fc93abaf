using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskQueue.AppHost.Extensions;

public static class LocalPostgresBuilderExtensions
{
    // The node (its cluster under DATA/postgres, initialised just before its first start) and
    // the one database the services share, created by the health check. The port is allocated
    // by Aspire and reaches the server as PGPORT; it is not proxied, like the broker's, so
    // clients talk to the server itself and keep the same address across restarts of the node.
    // The node is healthy once an authenticated connection to the database succeeds.
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string databaseName, string dataDir)
    {
        if (!PostgresNodeConfig.IsInstalled)
        {
            return StartupError.Exit<IResourceBuilder<LocalPostgresResource>>(PostgresNodeConfig.InstallHint);
        }

        // initdb sets the superuser's password once, on the first run: it must be known now and
        // the same on every later run.
        var passwordValue = PersistentParameters.ResolvePersistentValue(builder, $"{name}-password", dataDir,
            generate: () => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
            validate: value => value.All(char.IsAsciiLetterOrDigit) ? null : "must be letters and digits only.");
        var password = builder.AddParameter($"{name}-password", passwordValue, secret: true);
        var config = new PostgresNodeConfig(Path.Combine(dataDir, "postgres"));
        InitialSecret.EnsureUnchanged(config.DataDir, config.IsInitialised, $"{name}-password", passwordValue, "the PostgreSQL node under DATA/postgres");
        var (command, arguments) = config.ServerCommand();

        var node = new LocalPostgresResource(name, command, dataDir, password.Resource, databaseName);
        var healthCheckKey = $"{name}-{databaseName}";
        var check = new PostgresDatabaseHealthCheck(node);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey, _ => check, failureStatus: null, tags: null));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(node, (_, cancellationToken) => config.InitialiseAsync(passwordValue, cancellationToken));

        return builder.AddResource(node)
            .WithArgs(arguments)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", env: "PGPORT", isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithRestartOnUnexpectedExit();
    }
}
