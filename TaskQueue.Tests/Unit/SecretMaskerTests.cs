using TaskQueue.AppHost.Dashboard;

namespace TaskQueue.Tests.Unit;

public sealed class SecretMaskerTests
{
    [Theory]
    [InlineData("ConnectionStrings__messaging", "amqp://taskqueue:9f8e7d6c@127.0.0.1:5672/", "amqp://taskqueue:" + SecretMasker.Mask + "@127.0.0.1:5672/")]
    [InlineData("ConnectionStrings__tasksdb", "Data Source=/tmp/tasks.db", "Data Source=/tmp/tasks.db")]
    [InlineData("ConnectionStrings__db", "Host=db;Username=app;Password=hunter2;Port=5432", "Host=db;Username=app;Password=" + SecretMasker.Mask + ";Port=5432")]
    [InlineData("Web__AdminKey", "k-123", SecretMasker.Mask)]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-api-key=abc", SecretMasker.Mask)]
    [InlineData("RABBITMQ_DEFAULT_PASS_TOKEN", "abc", SecretMasker.Mask)]
    [InlineData("services__web__http__0", "http://127.0.0.1:5080", "http://127.0.0.1:5080")]
    public void Masks_secret_variables_and_passwords_inside_connection_strings(string name, string value, string shown) =>
        Assert.Equal(shown, SecretMasker.MaskValue(name, value));
}
