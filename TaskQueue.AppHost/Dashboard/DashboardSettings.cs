namespace TaskQueue.AppHost.Dashboard;

// Where the dashboard listens and the secrets that guard it: the browser login token
// (single use, exchanged for a cookie) and the key the services send with their telemetry.
// ContentRoot is the AppHost's build output, where the static assets manifest lives.
public sealed record DashboardSettings(int Port, string LoginToken, string OtlpApiKey, string ContentRoot)
{
    public string Url => $"http://localhost:{Port}";
    public string LoginUrl => $"{Url}/login?t={Uri.EscapeDataString(LoginToken)}";
}
