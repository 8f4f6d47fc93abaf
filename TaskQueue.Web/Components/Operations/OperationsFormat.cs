using System.Globalization;

namespace TaskQueue.Web.Components.Operations;

// Short, unit-bearing text for the Operations page's cells.
public static class OperationsFormat
{
    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 1 } => $"{Math.Max(0, (int)duration.TotalMilliseconds)} ms",
        { TotalMinutes: < 1 } => $"{duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        { TotalHours: < 1 } => $"{(int)duration.TotalMinutes} min {duration.Seconds} s",
        _ => $"{(int)duration.TotalHours} h {duration.Minutes} min",
    };

    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var elapsed = now - at;
        return elapsed.TotalSeconds < 1 ? "just now" : $"{Duration(elapsed)} ago";
    }

    // Rates below one a second keep a decimal so a trickle does not read as zero.
    public static string Rate(double perSecond) =>
        perSecond.ToString(perSecond is > 0 and < 10 ? "0.0" : "#,0", CultureInfo.InvariantCulture) + "/s";

    public static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);
}
