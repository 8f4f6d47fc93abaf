using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.Security;

// 2,000 requests a careless or hostile client might send: broken JSON, wrong types, huge
// values, odd unicode, missing fields, wrong methods and content types, strange ids and
// queries. None may get a 5xx, and afterwards the services are up and work still flows.
[Collection(SystemCollection.Name)]
public sealed class MalformedRequestFuzzTests(SystemFixture system, ITestOutputHelper output)
{
    private const int Requests = 2000;

    private static readonly string[] s_strings =
    [
        "", " ", "\u0000", "💥🔥", "\u202Eevil", "\uFFFF", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
        "%00", "\\u0000", new string('x', 70_000), "null", "NaN", "-0", "1e309", "ᚠᛇᚻ", "\t\r\n",
    ];

    private static readonly string[] s_numbers = ["0", "-1", "1e308", "-1e308", "9223372036854775808", "1.5", "1e-400", "2147483648", "NaN", "\"12\""];

    [Fact]
    public async Task Two_thousand_malformed_requests_get_no_5xx_and_the_services_stay_up()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var random = new Random(20261123);
        var requests = Enumerable.Range(0, Requests).Select(_ => Next(random)).ToList();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var serverErrors = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (spec, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(spec.Method, spec.Path);
            if (spec.Body is not null)
            {
                request.Content = new ByteArrayContent(spec.Body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", spec.ContentType);
            }

            using var response = await pipeline.Api.SendAsync(request, cancellationToken);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
            if ((int)response.StatusCode >= 500)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                serverErrors.Add($"{spec.Method} {spec.Path} [{spec.ContentType}] {Preview(spec.Body)} → {(int)response.StatusCode} {body}");
            }
        });

        output.WriteLine(string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}")));
        Assert.Empty(serverErrors);
        Assert.Equal(Requests, statuses.Values.Sum());
        Assert.True(statuses.GetValueOrDefault(400) > Requests / 4, "most requests should have been rejected as bad input");

        Assert.False(pipeline.Web.HasExited);
        Assert.False(pipeline.Sink.HasExited);
        Assert.All(pipeline.Workers, worker => Assert.False(worker.HasExited));
        using var health = await pipeline.Api.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var created = await pipeline.Api.PostAsJsonAsync("/api/tasks", new { type = "fibonacci", input = new { n = 10 } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var task = await pipeline.WaitForTaskAsync(id, task => task.Status.IsTerminal(), TimeSpan.FromSeconds(30));
        Assert.Equal("\"55\"", task.Result);
    }

    private sealed record RequestSpec(HttpMethod Method, string Path, byte[]? Body, string ContentType);

    private static RequestSpec Next(Random random) => random.Next(10) switch
    {
        < 5 => new RequestSpec(HttpMethod.Post, "/api/tasks", Encoding.UTF8.GetBytes(TaskBody(random)), "application/json"),
        5 => new RequestSpec(HttpMethod.Post, "/api/tasks/batch", Encoding.UTF8.GetBytes(BatchBody(random)), "application/json"),
        6 => new RequestSpec(HttpMethod.Post, "/api/tasks", RandomBytes(random), Pick(random, ["application/json", "text/plain", "application/xml", "", "application/json; charset=utf-16"])),
        7 => new RequestSpec(HttpMethod.Get, "/api/tasks?" + Query(random), null, ""),
        8 => new RequestSpec(Pick(random, [HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Put, HttpMethod.Patch]),
            "/api/tasks/" + Uri.EscapeDataString(Pick(random, [Guid.NewGuid().ToString(), "not-a-guid", "00000000-0000-0000-0000-000000000000", "💥", "..%2F..", "1"]))
                + Pick(random, ["", "/cancel", "/retry", "/x"]), null, ""),
        _ => new RequestSpec(Pick(random, [HttpMethod.Post, HttpMethod.Delete, HttpMethod.Get]),
            Pick(random, ["/api/dead-letters/-1/requeue", "/api/dead-letters/99999999999999999999", "/api/dead-letters?page=0&pageSize=100000", "/api/workers?x=💥", "/api/stats?status=%00"]),
            null, ""),
    };

    private static string TaskBody(Random random)
    {
        var fields = new List<string>();
        if (random.Next(4) > 0)
        {
            fields.Add($"\"type\":{Value(random, ["\"echo\"", "\"script\"", "\"fibonacci\"", "\"simulation\"", "\"💥\"", "123", "null", "[]"])}");
        }

        if (random.Next(4) > 0)
        {
            fields.Add($"\"input\":{Input(random)}");
        }

        if (random.Next(3) == 0)
        {
            fields.Add($"\"name\":{Value(random, [JsonSerializer.Serialize(Pick(random, s_strings)), "42", "{}", "true"])}");
        }

        if (random.Next(3) == 0)
        {
            fields.Add($"\"maxAttempts\":{Pick(random, s_numbers)}");
        }

        if (random.Next(4) == 0)
        {
            fields.Add($"\"timeoutSeconds\":{Pick(random, s_numbers)}");
        }

        var body = "{" + string.Join(',', fields.OrderBy(_ => random.Next())) + "}";
        return random.Next(6) == 0 ? body[..random.Next(body.Length)] : body;
    }

    private static string Input(Random random) => random.Next(7) switch
    {
        0 => $"{{\"n\":{Pick(random, s_numbers)}}}",
        1 => $"{{\"code\":{JsonSerializer.Serialize(Pick(random, s_strings))}}}",
        2 => $"{{\"value\":{JsonSerializer.Serialize(Pick(random, s_strings))}}}",
        3 => $"{{\"steps\":{Pick(random, s_numbers)},\"volatility\":{Pick(random, s_numbers)},\"seconds\":{Pick(random, s_numbers)}}}",
        4 => new string('[', 5000) + new string(']', 5000),
        5 => Pick(random, ["\"text\"", "42", "null", "[1,2]", "true"]),
        _ => "{\"value\":" + new string('{', 100) + "\"a\":1" + new string('}', 100) + "}",
    };

    private static string BatchBody(Random random) => random.Next(4) switch
    {
        0 => "{\"tasks\":" + Pick(random, ["null", "{}", "\"x\"", "[]", "[null]", "[1,2,3]"]) + "}",
        1 => "{\"tasks\":[" + string.Join(',', Enumerable.Range(0, random.Next(1, 20)).Select(_ => TaskBody(random))) + "]}",
        2 => "[" + TaskBody(random) + "]",
        _ => "{\"tasks\":[" + string.Join(',', Enumerable.Repeat("{\"type\":\"echo\",\"input\":{\"value\":1}}", 1001)) + "]}",
    };

    private static string Query(Random random) => string.Join('&', Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
        Pick(random, ["page", "pageSize", "status", "type", "search", "sort", "descending"]) + "=" +
        Uri.EscapeDataString(Pick(random, [.. s_numbers, .. s_strings.Where(text => text.Length < 100), "Finished", "CreatedAt"]))));

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 4096)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Value(Random random, string[] choices) => Pick(random, choices);

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];

    private static string Preview(byte[]? body) => body is null ? "" : Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]);
}
