using System.Globalization;

namespace TaskQueue.AppHost.Dashboard;

public static class Durations
{
    public static string Format(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1 => $"{duration.TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture)} µs",
        < 1000 => $"{duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms",
        _ => $"{duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s",
    };
}
