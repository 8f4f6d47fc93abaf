using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Security;

// Each limit answers with its own status code and names what was too big.
[Collection(SystemCollection.Name)]
public sealed class LimitTests(SystemFixture system)
{
    public static TheoryData<string, string> OversizedTasks => new()
    {
        { JsonSerializer.Serialize(new { type = "script", input = new { code = new string('1', TaskLimits.MaxScriptLength + 1) } }), "input.code" },
        { JsonSerializer.Serialize(new { type = "fibonacci", input = new { n = TaskLimits.MaxFibonacciN + 1 } }), "input.n" },
        { JsonSerializer.Serialize(new { type = "echo", input = new { value = new string('x', TaskLimits.MaxEchoBytes + 1) } }), "input.value" },
        { JsonSerializer.Serialize(new { type = "simulation", input = new { steps = TaskLimits.MaxSimulationSteps + 1 } }), "input.steps" },
        { JsonSerializer.Serialize(new { type = "simulation", input = new { seconds = TaskLimits.MaxSimulationSeconds + 1 } }), "input.seconds" },
        { JsonSerializer.Serialize(new { type = "echo", name = new string('n', TaskLimits.MaxNameLength + 1), input = new { value = 1 } }), "name" },
    };

    [Theory]
    [MemberData(nameof(OversizedTasks))]
    public async Task An_input_over_its_types_limit_is_400_naming_the_field(string body, string field)
    {
        var pipeline = await system.GetSharedPipelineAsync();

        using var response = await pipeline.Api.PostAsync("/api/tasks", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }

    [Fact]
    public async Task A_batch_over_the_size_limit_is_400()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var tasks = Enumerable.Range(0, TaskLimits.MaxBatchSize + 1).Select(i => new { type = "echo", input = new { value = i } });

        using var response = await pipeline.Api.PostAsJsonAsync("/api/tasks/batch", new { tasks });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 1000", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_over_the_request_size_limit_is_413_and_nothing_is_stored()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var before = (await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("total").GetInt32();
        var padding = new string(' ', 9 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks")
        {
            Content = new StringContent("{\"type\":\"echo\",\"input\":{\"value\":1}" + padding + "}", Encoding.UTF8, "application/json"),
        };

        // As a well-behaved client of a large upload would: the server refuses by the declared
        // length before a byte of the body is sent (it then closes the connection).
        request.Headers.ExpectContinue = true;
        using var response = await pipeline.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, (await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_user_enqueueing_too_fast_gets_429_with_retry_after_and_admins_are_not_limited()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var erin = await pipeline.CreateUserClientAsync($"erin-{Guid.NewGuid():N}"[..13]);
        var batch = new { tasks = Enumerable.Range(0, TaskLimits.MaxBatchSize).Select(i => new { type = "echo", input = new { value = i } }) };

        // The burst holds two full batches; a third in the same moment is refused. The three go
        // at once, so that a slow machine cannot refill the bucket between them (200 tasks a
        // second would need 5 s for a batch): the limiter answers each as it arrives.
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await erin.PostAsJsonAsync("/api/tasks/batch", batch);
            var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;
            return (response.StatusCode, RetryAfter: retryAfter, Body: await response.Content.ReadAsStringAsync());
        }));
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], answers.Select(answer => answer.StatusCode).Order());
        var refused = answers.Single(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.RetryAfter);
        Assert.InRange(int.Parse(refused.RetryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 10);
        Assert.Contains("try again in", refused.Body);

        using var single = await erin.PostAsJsonAsync("/api/tasks", new { type = "echo", input = new { value = 1 } });
        using var admin = await pipeline.Api.PostAsJsonAsync("/api/tasks/batch", batch);
        Assert.Equal(HttpStatusCode.Accepted, admin.StatusCode);
        var stats = await erin.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal(2 * TaskLimits.MaxBatchSize + (single.IsSuccessStatusCode ? 1 : 0), stats.GetProperty("total").GetInt32());
    }
}
