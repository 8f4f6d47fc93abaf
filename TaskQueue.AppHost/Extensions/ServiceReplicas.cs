namespace TaskQueue.AppHost.Extensions;

// Several sinks or web replicas need a database that several processes, possibly on several
// machines, write at once. SQLite is one file on one machine with one writer at a time (the
// services already take turns on its write lock), so more copies would only queue behind it.
internal static class ServiceReplicas
{
    public static void EnsureDatabaseAllows(AppHostOptions options)
    {
        if (options.Database != "sqlite")
        {
            return;
        }

        var asked = new[] { ("--sinks", options.Sinks), ("--web-replicas", options.WebReplicas) }.Where(option => option.Item2 > 1).ToList();
        if (asked.Count > 0)
        {
            var (option, count) = asked[0];
            throw new AppHostOptionsException(
                $"{option} {count} needs --database postgres: SQLite is one file on one machine with one writer, so only one sink and one web app can use it.");
        }
    }
}
