using System.Text.Json.Nodes;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.OpenApi;

// The document a client generator reads is the one the running web app serves, so that is
// the one linted, fetched from the web app running as a process of its own: Redocly's recommended rules (tools/openapi-lint/redocly.yaml) with no errors.
[Collection(SystemCollection.Name)]
public sealed class OpenApiLintTests(SystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task The_live_document_passes_redoclys_recommended_rules_with_no_errors()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var directory = new TestDirectory("openapi-lint");
        var document = directory.File("openapi.json");
        await File.WriteAllTextAsync(document, await pipeline.Api.GetStringAsync("/openapi/v1.json"));

        var lint = await RedoclyCli.LintAsync(document);

        output.WriteLine(lint.Output);
        Assert.True(lint.ExitCode == 0, $"Redocly lint failed (exit {lint.ExitCode}):\n{lint.Output}");
        Assert.Contains("Your API description is valid", lint.Output);
    }

    // What the lint cannot know: that the document states this API's own behaviour.
    [Fact]
    public async Task The_live_document_declares_the_key_the_errors_and_an_example_of_each_task_type()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var document = JsonNode.Parse(await pipeline.Api.GetStringAsync("/openapi/v1.json"))!;

        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["ApiKey"]!["scheme"]);
        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()).ToList();
        // 15 for tasks, workers, dead letters and operations; 4 for batches, 7 for schedules, 4 for workflows.
        Assert.Equal(30, operations.Count);
        Assert.All(operations, operation =>
        {
            Assert.NotNull(operation.Value!["security"]![0]!["ApiKey"]);
            Assert.NotNull(operation.Value["summary"]);
            Assert.All(operation.Value["responses"]!.AsObject().Where(response => response.Key.StartsWith('4')),
                response => Assert.NotNull(response.Value!["content"]!["application/problem+json"]));
        });

        var create = document["paths"]!["/api/tasks"]!["post"]!;
        Assert.Equal(["script", "fibonacci", "simulation", "echo"], create["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject().Select(example => example.Key));
        Assert.Equal(["400", "401", "413", "429"], create["responses"]!.AsObject().Select(response => response.Key).Where(status => status.StartsWith('4')).Order());
        Assert.NotNull(create["responses"]!["429"]!["headers"]!["Retry-After"]);
        Assert.Equal("#/components/schemas/HttpValidationProblemDetails", (string?)create["responses"]!["400"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]);
        var createWorkflow = document["paths"]!["/api/workflows"]!["post"]!;
        Assert.Equal(["400", "401", "413", "429"], createWorkflow["responses"]!.AsObject().Select(response => response.Key).Where(status => status.StartsWith('4')).Order());
        Assert.NotNull(document["paths"]!["/api/workers"]!["get"]!["responses"]!["403"]);
        Assert.DoesNotMatch("/$", (string?)document["servers"]![0]!["url"]);
    }
}
