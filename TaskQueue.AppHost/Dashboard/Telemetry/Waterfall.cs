namespace TaskQueue.AppHost.Dashboard.Telemetry;

public sealed record WaterfallRow(SpanRecord Span, int Depth, double OffsetPercent, double WidthPercent);

// A trace's spans in tree order (each span under its parent, siblings by start time) with
// where each bar starts and how wide it is, as shares of the whole trace's time.
public static class Waterfall
{
    public static IReadOnlyList<WaterfallRow> Layout(IReadOnlyList<SpanRecord> spans)
    {
        if (spans.Count == 0)
        {
            return [];
        }

        var start = spans.Min(span => span.Start);
        var total = Math.Max((spans.Max(span => span.End) - start).TotalMilliseconds, 0.001);
        var ids = spans.Select(span => span.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans
            .Where(span => span.ParentSpanId is not null && ids.Contains(span.ParentSpanId))
            .ToLookup(span => span.ParentSpanId!, StringComparer.Ordinal);
        var rows = new List<WaterfallRow>(spans.Count);

        void Visit(SpanRecord span, int depth)
        {
            var offset = (span.Start - start).TotalMilliseconds / total * 100;
            var width = span.Duration.TotalMilliseconds / total * 100;
            rows.Add(new WaterfallRow(span, depth, offset, Math.Max(width, 0.2)));
            foreach (var child in children[span.SpanId].OrderBy(child => child.Start))
            {
                Visit(child, depth + 1);
            }
        }

        foreach (var root in spans.Where(span => span.ParentSpanId is null || !ids.Contains(span.ParentSpanId)).OrderBy(span => span.Start))
        {
            Visit(root, 0);
        }

        return rows;
    }
}
