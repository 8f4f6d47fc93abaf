using System.Text;

namespace TaskQueue.Tests.Infrastructure;

// One of our services run from its build output as a real process, the way the AppHost runs
// it, on a free loopback port. Its output is kept for the failure message of a test.
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly string _name;
    private readonly string _dllPath;
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private ManagedProcess? _process;

    public ServiceProcess(string name, IServiceBuild project, IDictionary<string, string> environment)
    {
        _name = name;
        _dllPath = project.TargetPath;
        Port = FreePort.Next();
        _environment = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["OTEL_SERVICE_NAME"] = name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={name}",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public int Pid => _process?.Pid ?? 0;
    public bool HasExited => _process?.HasExited ?? true;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        _process = ManagedProcess.Start(DotNetHost.Path, ["exec", _dllPath], Path.GetDirectoryName(_dllPath)!, _environment, line =>
        {
            lock (_lock)
            {
                _output.AppendLine(line);
            }
        });
        await WaitUntilHealthyAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{_name} exited during start-up:\n{Output}");
            }

            try
            {
                using var response = await s_http.GetAsync(new Uri(BaseAddress, "health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{_name} did not become healthy within {timeout}:\n{Output}");
    }

    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await s_http.GetAsync(new Uri(BaseAddress, "health"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    // kill -9: no shutdown hooks run, unacked messages return to the queue.
    public async Task KillAsync()
    {
        _process?.Kill();
        if (_process is not null)
        {
            await _process.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(5));
        }
    }
}
