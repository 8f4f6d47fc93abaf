using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.GraphQL;

// 2,000 GraphQL requests a careless or hostile client might send: broken syntax, unknown
// fields, wrong argument and variable types, deep and wide queries, fragment cycles, huge
// strings, odd unicode, bodies that are not requests at all. None may get a 5xx, each answer
// is a GraphQL result, and afterwards the services are up and work still flows.
[Collection(SystemCollection.Name)]
public sealed class GraphQLFuzzTests(SystemFixture system, ITestOutputHelper output)
{
    private const int Requests = 2000;

    private static readonly string[] s_valid =
    [
        "{ tasks { total items { " + GraphQLCalls.TaskFields + " } } }",
        "query($id: ID!) { task(id: $id) { id status result } }",
        "{ stats { total finished failed } }",
        "mutation($task: TaskInput!) { createTask(task: $task) { id } }",
        "mutation($tasks: [TaskInput!]!) { createTasks(tasks: $tasks) { id } }",
        "mutation($id: ID!) { cancelTask(id: $id) { id } retryTask(id: $id) { id } }",
        "mutation($ids: [ID!]!) { deleteTasks(ids: $ids) }",
        "query($status: String, $page: Int, $pageSize: Int) { tasks(status: $status, page: $page, pageSize: $pageSize) { total } }",
    ];

    private static readonly string[] s_tokens =
    [
        "{", "}", "(", ")", "[", "]", ":", "$", "!", "...", "@include(if: true)", "@skip", "query", "mutation", "subscription", "fragment",
        "on", "tasks", "task", "stats", "items", "id", "__schema", "__type", "__typename", "createTask", "TaskInput", "\"x\"", "\"\"\"block\"\"\"",
        "42", "-0", "1e999", "99999999999999999999", "true", "null", "#comment\n", ",", "=", "|", "&", "\u0000", "💥", "\\u0000",
    ];

    private static readonly string[] s_strings =
    [
        "", " ", "\u0000", "💥🔥", "\u202Eevil", "\uFFFF", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00",
        new string('x', 70_000), "null", "NaN", "ᚠᛇᚻ", "\t\r\n",
    ];

    private static readonly string[] s_json =
    [
        "null", "0", "-1", "1.5", "1e308", "-1e308", "1e-400", "9223372036854775808", "99999999999999999999999999999999", "\"12\"", "true", "[]",
        "[null]", "\"text\"", new string('[', 200) + new string(']', 200), "{\"a\":" + new string('{', 70) + new string('}', 70) + "}", "{}",
    ];

    [Fact]
    public async Task Two_thousand_malformed_graphql_requests_get_no_5xx_and_the_services_stay_up()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var random = new Random(20261201);
        var requests = Enumerable.Range(0, Requests).Select(_ => Next(random)).ToList();
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (spec, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(spec.Body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", spec.ContentType);
            using var response = await pipeline.Api.SendAsync(request, cancellationToken);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode >= 500 || !IsGraphQLResult(body))
            {
                failures.Add($"[{spec.ContentType}] {Preview(spec.Body)} → {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
            }
        });

        output.WriteLine(string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}")));
        Assert.Empty(failures);
        Assert.Equal(Requests, statuses.Values.Sum());
        Assert.True(statuses.GetValueOrDefault(400) > Requests / 4, "most requests should have been rejected as bad input");

        Assert.False(pipeline.Web.HasExited);
        Assert.False(pipeline.Sink.HasExited);
        Assert.All(pipeline.Workers, worker => Assert.False(worker.HasExited));
        using var health = await pipeline.Api.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var id = await GraphQLMutationTests.CreateAsync(pipeline.Api, new { type = "fibonacci", input = new { n = 10 } });
        var task = await pipeline.WaitForTaskAsync(id, task => task.Status.IsTerminal(), TimeSpan.FromSeconds(30));
        Assert.Equal("\"55\"", task.Result);
    }

    private sealed record RequestSpec(byte[] Body, string ContentType);

    private static RequestSpec Next(Random random) => random.Next(12) switch
    {
        < 2 => Request(Mangle(random, Pick(random, s_valid)), Variables(random)),
        2 => Request(string.Join(' ', Enumerable.Range(0, random.Next(1, 40)).Select(_ => Pick(random, s_tokens))), Variables(random)),
        < 5 => Request(Pick(random, s_valid), Variables(random)),
        5 => Request(Deep(random), "null"),
        6 => Request(Wide(random), "null"),
        7 => Request(Pick(random, [
            "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }",
            "{ tasks { items { ...F } } } fragment F on Task { id ...F }",
            "{ nope }", "{ tasks { items { nope } } }", "{ task(id: 1) { id } }", "{ tasks(page: \"x\") { total } }",
            "mutation { createTask(task: {type: 1, input: 2}) { id } }", "{ stats }", "{ stats { total { x } } }",
            "query Q($x: Int) { stats { total } }", "query { stats { total } } query { stats { total } }",
            "mutation { deleteTasks(ids: [null]) }", "{ __type(name: \"Task\") { fields { name } } }",
            "mutation { createTask(task: {type: \"echo\", input: " + new string('[', 100) + new string(']', 100) + "}) { id } }",
            "{ tasks(search: \"" + new string('x', 20_000) + "\") { total } }",
        ]), Variables(random)),
        8 => Request(Pick(random, s_valid), Pick(random, ["[1]", "\"x\"", "42", "{\"task\":" + Pick(random, s_json) + "}", "{\"tasks\":" + Pick(random, s_json) + "}", "{\"id\":" + Pick(random, s_json) + "}"])),
        9 => new RequestSpec(Encoding.UTF8.GetBytes(Pick(random, [
            "", "{", "[]", "null", "42", "\"query\"", "{\"query\": 42}", "{\"query\": null}", "{\"query\": [\"{ stats { total } }\"]}",
            "{\"query\": \"{ stats { total } }\", \"operationName\": 42}", "{\"query\": \"{ stats { total } }\", \"operationName\": \"Nope\"}",
            "{\"query\": \"{ stats { total } }\", \"variables\": \"{}\"}", "{\"query\": \"{ stats { total } }\", \"extensions\": 1}",
            "{\"query\": \"" + new string('{', 5000) + "\"}", "{\"query\": \"{ stats { total } }\"" + new string(' ', 100) + "} trailing",
        ])), "application/json"),
        10 => new RequestSpec(RandomBytes(random), Pick(random, ["application/json", "text/plain", "application/graphql", "", "application/json; charset=utf-16", "multipart/form-data"])),
        _ => Request(Pick(random, s_valid[3..5]), TaskVariables(random)),
    };

    private static RequestSpec Request(string query, string variables) =>
        new(Encoding.UTF8.GetBytes($"{{\"query\":{JsonSerializer.Serialize(query)},\"variables\":{variables}}}"), "application/json");

    // A valid query cut short, with characters dropped, repeated or replaced.
    private static string Mangle(Random random, string query)
    {
        var text = new StringBuilder(query);
        for (var i = random.Next(1, 4); i > 0 && text.Length > 0; i--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0: text.Remove(at, Math.Min(text.Length - at, random.Next(1, 10))); break;
                case 1: text.Insert(at, Pick(random, s_tokens)); break;
                case 2: text[at] = Pick(random, "{}()[]:$!@\"\\#,".ToCharArray()); break;
                default: text.Length = at; break;
            }
        }

        return text.ToString();
    }

    private static string Deep(Random random)
    {
        var depth = random.Next(10, 3000);
        return random.Next(3) switch
        {
            0 => new string('{', depth) + new string('}', depth),
            1 => "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", depth)) + "name" + new string('}', depth + 4) + " }",
            _ => "{ tasks(search: " + new string('[', depth) + new string(']', depth) + ") { total } }",
        };
    }

    private static string Wide(Random random) => random.Next(3) switch
    {
        0 => "{ " + string.Concat(Enumerable.Range(0, random.Next(10, 3000)).Select(i => $"a{i}: stats {{ total }} ")) + "}",
        1 => "{ " + string.Concat(Enumerable.Range(0, random.Next(5, 200)).Select(i => $"p{i}: tasks {{ items {{ id name }} }} ")) + "}",
        _ => "{ stats { " + string.Concat(Enumerable.Repeat("total ", random.Next(100, 10_000))) + "} }",
    };

    private static string Variables(Random random) => random.Next(4) switch
    {
        0 => "null",
        1 => "{}",
        2 => $"{{\"id\":{Pick(random, [JsonSerializer.Serialize(Guid.NewGuid().ToString()), .. s_json])},\"ids\":{Pick(random, ["[]", "[1,2]", "[\"x\"]", .. s_json])}}}",
        _ => TaskVariables(random),
    };

    private static string TaskVariables(Random random)
    {
        string Task()
        {
            var fields = new List<string>();
            if (random.Next(4) > 0)
            {
                fields.Add($"\"type\":{Pick(random, ["\"echo\"", "\"script\"", "\"fibonacci\"", "\"simulation\"", "\"💥\"", "123", "null", "[]"])}");
            }

            if (random.Next(4) > 0)
            {
                fields.Add("\"input\":" + random.Next(6) switch
                {
                    0 => $"{{\"n\":{Pick(random, s_json)}}}",
                    1 => $"{{\"code\":{JsonSerializer.Serialize(Pick(random, s_strings))}}}",
                    2 => $"{{\"value\":{JsonSerializer.Serialize(Pick(random, s_strings))}}}",
                    3 => $"{{\"steps\":{Pick(random, s_json)},\"seconds\":{Pick(random, s_json)}}}",
                    // Not {}: a simulation with default input runs 10 s, and hundreds would hold up the workers.
                    _ => Pick(random, s_json[..^1]),
                });
            }

            if (random.Next(3) == 0)
            {
                fields.Add($"\"name\":{Pick(random, [JsonSerializer.Serialize(Pick(random, s_strings)), "42", "{}"])}");
            }

            if (random.Next(3) == 0)
            {
                fields.Add($"\"maxAttempts\":{Pick(random, s_json)}");
            }

            if (random.Next(8) == 0)
            {
                fields.Add("\"unknownField\":1");
            }

            return "{" + string.Join(',', fields.OrderBy(_ => random.Next())) + "}";
        }

        var tasks = "[" + string.Join(',', Enumerable.Range(0, random.Next(0, 15)).Select(_ => Task())) + "]";
        return $"{{\"task\":{Task()},\"tasks\":{tasks}}}";
    }

    private static bool IsGraphQLResult(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("errors", out _) || document.RootElement.TryGetProperty("data", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 4096)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];

    private static string Preview(byte[] body) => Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
}
