using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.AspNetCore.Routing;
using TaskQueue.AppHost.Dashboard;
using TaskQueue.AppHost.Dashboard.Otlp;
using TaskQueue.AppHost.Dashboard.Telemetry;
using TaskQueue.AppHost.Hosting;
using OtlpLogRecord = TaskQueue.AppHost.Dashboard.Otlp.LogRecord;
using ResourceLogs = TaskQueue.AppHost.Hosting.ResourceLogs;

namespace TaskQueue.Tests.EndToEnd;

// The dashboard as the AppHost hosts it, in this process on a free port with no resources:
// who gets in (the login link, for the run), who does not (everyone else, on every route), and the
// OTLP receiver the services export to.
public sealed class DashboardAccessTests : IAsyncLifetime
{
    private readonly DashboardSettings _settings = new(
        FreePort.Next(), LoginToken.NewRandom(), LoginToken.NewRandom(), Path.GetDirectoryName(new Projects.TaskQueue_AppHost().TargetPath)!);
    private AppHostDashboard _dashboard = null!;

    public async Task InitializeAsync()
    {
        _dashboard = AppHostDashboard.Create(_settings, [], new ResourceLogs(100));
        await _dashboard.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Every_route_in_the_route_table_answers_401_without_the_cookie()
    {
        using var anonymous = NewClient(out _);
        var requests = _dashboard.Endpoints
            .SelectMany(endpoint => Methods(endpoint).Select(method => (Method: method, Path: SamplePath(endpoint))))
            .Distinct()
            .ToList();

        // Pages, the Blazor hub, static files, the login and the OTLP receiver are all in the table.
        Assert.Contains(requests, request => request.Path == "/traces");
        Assert.Contains(requests, request => request.Path == "/structured-logs");
        Assert.Contains(requests, request => request.Path.StartsWith("/_blazor", StringComparison.Ordinal));
        Assert.Contains(requests, request => request.Path.StartsWith("/_framework/blazor.web", StringComparison.Ordinal));
        Assert.Contains(requests, request => request.Path == "/v1/traces");
        Assert.Contains(requests, request => request.Path == "/v1/logs");
        foreach (var (method, path) in requests)
        {
            using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without the cookie");
        }
    }

    [Fact]
    public async Task The_login_link_opens_every_page_for_the_run_and_a_wrong_token_opens_nothing()
    {
        using var first = NewClient(out var firstCookies);
        using var login = await first.GetAsync(new Uri(_settings.LoginUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Single(firstCookies.GetAllCookies());
        foreach (var page in new[] { "/", "/console", "/console/apphost", "/structured-logs", "/traces", "/metrics" })
        {
            using var response = await first.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var second = NewClient(out var secondCookies);
        using var reused = await second.GetAsync(new Uri(_settings.LoginUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, reused.StatusCode);
        Assert.Single(secondCookies.GetAllCookies());

        using var third = NewClient(out var thirdCookies);
        using var wrong = await third.GetAsync("/login?t=not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Empty(thirdCookies.GetAllCookies());
        using var refused = await third.GetAsync("/");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_otlp_receiver_takes_protobuf_spans_with_the_key_and_shows_their_trace()
    {
        var traceId = Convert.FromHexString("5b8efff798038103d269b633813fc60c");
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    Resource = new TaskQueue.AppHost.Dashboard.Otlp.Resource { Attributes = { Text("service.name", "web"), Text("service.instance.id", "web") } },
                    ScopeSpans =
                    {
                        new ScopeSpans
                        {
                            Spans =
                            {
                                Span(traceId, "0000000000000001", null, "POST /api/tasks", SpanKind.Server),
                                Span(traceId, "0000000000000002", "0000000000000001", "publish taskqueue.tasks", SpanKind.Producer),
                            },
                        },
                    },
                },
            },
        };

        using var client = NewClient(out _);
        await ExportRefusedWithoutKeyThenAcceptedAsync(client, "/v1/traces", request);

        using var login = await client.GetAsync(new Uri(_settings.LoginUrl).PathAndQuery);
        var traces = await client.GetStringAsync("/traces");
        Assert.Contains("data-trace-id=\"5b8efff798038103d269b633813fc60c\"", traces, StringComparison.Ordinal);
        var waterfall = await client.GetStringAsync("/traces/5b8efff798038103d269b633813fc60c");
        Assert.Equal(2, waterfall.Split("data-testid=\"waterfall-span\"").Length - 1);
    }

    [Fact]
    public async Task The_otlp_receiver_takes_protobuf_log_records_with_the_key_and_shows_them_on_the_structured_logs_page()
    {
        var request = new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new TaskQueue.AppHost.Dashboard.Otlp.ResourceLogs
                {
                    Resource = new TaskQueue.AppHost.Dashboard.Otlp.Resource { Attributes = { Text("service.name", "worker"), Text("service.instance.id", "worker-7") } },
                    ScopeLogs =
                    {
                        new ScopeLogs
                        {
                            Scope = new InstrumentationScope { Name = "TaskQueue.Worker.Execution.TaskConsumer" },
                            LogRecords =
                            {
                                new OtlpLogRecord
                                {
                                    TimeUnixNano = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
                                    SeverityNumber = SeverityNumber.Warn,
                                    SeverityText = "Warning",
                                    Body = new AnyValue { StringValue = "Task 42 failed, retrying in 2 s" },
                                    Attributes = { Text("TaskId", "42") },
                                },
                            },
                        },
                    },
                },
            },
        };

        using var client = NewClient(out _);
        await ExportRefusedWithoutKeyThenAcceptedAsync(client, "/v1/logs", request);

        using var login = await client.GetAsync(new Uri(_settings.LoginUrl).PathAndQuery);
        var page = await client.GetStringAsync("/structured-logs");
        // One row: the request without the key stored nothing.
        Assert.Equal(1, page.Split("data-testid=\"log-row\"").Length - 1);
        Assert.Contains("data-resource=\"worker-7\" data-level=\"Warning\"", page, StringComparison.Ordinal);
        Assert.Contains("Task 42 failed, retrying in 2 s", page, StringComparison.Ordinal);
    }

    // The request once without the key (refused) and once with it (accepted, as OTLP answers).
    private async Task ExportRefusedWithoutKeyThenAcceptedAsync(HttpClient client, string path, IMessage request)
    {
        using var withoutKey = await client.PostAsync(path, Protobuf(request));
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);

        var withKey = new HttpRequestMessage(HttpMethod.Post, path) { Content = Protobuf(request) };
        withKey.Headers.Add(OtlpReceiver.ApiKeyHeader, _settings.OtlpApiKey);
        using var accepted = await client.SendAsync(withKey);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("application/x-protobuf", accepted.Content.Headers.ContentType?.MediaType);
    }

    private HttpClient NewClient(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        return new HttpClient(handler) { BaseAddress = new Uri(_settings.Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET"];

    // A concrete path for a route pattern: each parameter replaced by a sample segment.
    private static string SamplePath(RouteEndpoint endpoint)
    {
        var segments = endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "sample",
        })));
        return "/" + string.Join('/', segments);
    }

    private static ByteArrayContent Protobuf(IMessage message)
    {
        var content = new ByteArrayContent(message.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static Span Span(byte[] traceId, string spanId, string? parentId, string name, SpanKind kind)
    {
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        return new Span
        {
            TraceId = ByteString.CopyFrom(traceId),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spanId)),
            ParentSpanId = parentId is null ? ByteString.Empty : ByteString.CopyFrom(Convert.FromHexString(parentId)),
            Name = name,
            Kind = kind,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + 5_000_000,
        };
    }

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();
}
