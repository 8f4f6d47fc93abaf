namespace TaskQueue.AppHost.Dashboard;

// A stable color per service, so web, worker and sink look the same on every page.
public static class ServiceColors
{
    private static readonly string[] s_palette = ["#512bd4", "#0078d4", "#107c10", "#d83b01", "#8764b8", "#008575", "#c239b3", "#986f0b"];

    public static string For(string service) =>
        s_palette[(int)((uint)StableHash(service) % (uint)s_palette.Length)];

    // string.GetHashCode differs per process; colors should not.
    private static int StableHash(string text) => text.Aggregate(17, (hash, character) => unchecked((hash * 31) + character));
}
