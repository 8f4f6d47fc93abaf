namespace TaskQueue.AppHost.Hosting;

// The AppHost's console: every resource's output, each line prefixed with its name (the
// console-logs view of the Aspire dashboard, in a terminal), and the AppHost's own notes.
public sealed class ConsoleReporter
{
    private static readonly ConsoleColor[] s_palette =
    [
        ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow,
        ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkGreen, ConsoleColor.DarkYellow,
    ];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ConsoleColor> _colors = [];
    private readonly bool _useColor = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private int _width = "apphost".Length;

    // The same lines, kept for the dashboard's console logs.
    public ResourceLogs Logs { get; } = new(10_000);

    public void Register(string name)
    {
        lock (_lock)
        {
            _colors.TryAdd(name, s_palette[_colors.Count % s_palette.Length]);
            _width = Math.Max(_width, name.Length);
        }
    }

    public void Log(string resource, string line)
    {
        Logs.Add(resource, line);
        lock (_lock)
        {
            if (_useColor && _colors.TryGetValue(resource, out var color))
            {
                Console.ForegroundColor = color;
                Console.Write(resource.PadRight(_width));
                Console.ResetColor();
                Console.WriteLine($" | {line}");
            }
            else
            {
                Console.WriteLine($"{resource.PadRight(_width)} | {line}");
            }
        }
    }

    public void Info(string message) => Log("apphost", message);

    // Lines a script or test may wait for (the Ready line) go out unprefixed.
    public void Announce(string line)
    {
        lock (_lock)
        {
            Console.WriteLine(line);
        }
    }

    public void Error(string message)
    {
        lock (_lock)
        {
            Console.Error.WriteLine($"error: {message}");
        }
    }
}
