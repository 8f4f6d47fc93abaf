using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using TaskQueue.AppHost.Dashboard.Otlp;

namespace TaskQueue.AppHost.Dashboard.Telemetry;

// OTLP/HTTP with protobuf bodies, the protocol the AppHost tells every service to use
// (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf). Each request must carry the key the AppHost
// handed to its services in OTEL_EXPORTER_OTLP_HEADERS, as Aspire's dashboard requires.
public static class OtlpReceiver
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    private const string ProtobufContentType = "application/x-protobuf";
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    public static void MapOtlpReceiver(this IEndpointRouteBuilder endpoints, string apiKey)
    {
        var expectedKey = Encoding.UTF8.GetBytes(apiKey);
        var otlp = endpoints.MapGroup("/v1")
            .AllowAnonymous()
            .AddEndpointFilter(async (context, next) =>
                HasKey(context.HttpContext.Request, expectedKey) ? await next(context) : TypedResults.Unauthorized());

        otlp.MapPost("/traces", async (HttpRequest request, TraceStore traces, MetricStore metrics) =>
        {
            var body = await ReadAsync(request);
            if (body is null)
            {
                return Unsupported();
            }

            var spans = OtlpConversion.ToSpans(ExportTraceServiceRequest.Parser.ParseFrom(body));
            traces.Add(spans);
            var now = DateTimeOffset.UtcNow;
            foreach (var processed in spans.Where(span => span.Kind == "Consumer").CountBy(span => span.Instance))
            {
                metrics.Increment(processed.Key, MetricNames.MessagesProcessed, now, processed.Value);
            }

            return Accepted();
        });

        otlp.MapPost("/metrics", async (HttpRequest request, MetricStore metrics) =>
        {
            var body = await ReadAsync(request);
            if (body is null)
            {
                return Unsupported();
            }

            OtlpConversion.AddMetrics(ExportMetricsServiceRequest.Parser.ParseFrom(body), metrics);
            return Accepted();
        });

        otlp.MapPost("/logs", async (HttpRequest request, LogStore logs) =>
        {
            var body = await ReadAsync(request);
            if (body is null)
            {
                return Unsupported();
            }

            logs.Add(OtlpConversion.ToLogs(ExportLogsServiceRequest.Parser.ParseFrom(body)));
            return Accepted();
        });
    }

    private static bool HasKey(HttpRequest request, byte[] expected) =>
        request.Headers[ApiKeyHeader].ToString() is { Length: > 0 } key
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), expected);

    // The whole body, or null when it is not uncompressed protobuf (the exporters here send
    // no compression unless OTEL_EXPORTER_OTLP_COMPRESSION says so, which the AppHost does not).
    private static async Task<byte[]?> ReadAsync(HttpRequest request)
    {
        if (!string.Equals(request.ContentType, ProtobufContentType, StringComparison.OrdinalIgnoreCase)
            || request.Headers.ContentEncoding.Count > 0)
        {
            return null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            if (result.IsCompleted || buffer.Length > MaxBodyBytes)
            {
                var body = buffer.Length > MaxBodyBytes ? null : buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static IResult Accepted() => TypedResults.Bytes(new ExportResponse().ToByteArray(), ProtobufContentType);

    private static IResult Unsupported() => TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
}
