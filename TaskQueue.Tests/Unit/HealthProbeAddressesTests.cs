using System.Net;
using Microsoft.Extensions.Configuration;
using TaskQueue.Worker.Health;

namespace TaskQueue.Tests.Unit;

// The worker serves its health probes where Kestrel would have listened, from the same setting.
public sealed class HealthProbeAddressesTests
{
    private static IReadOnlyList<IPEndPoint> From(string? urls) =>
        HealthProbeAddresses.From(new ConfigurationBuilder()
            .AddInMemoryCollection(urls is null ? [] : [new KeyValuePair<string, string?>("ASPNETCORE_URLS", urls)])
            .Build());

    [Fact]
    public void Localhost_is_the_loopback_addresses_only()
    {
        var endPoints = From("http://localhost:5123");
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 5123), endPoints);
        Assert.All(endPoints, endPoint => Assert.True(IPAddress.IsLoopback(endPoint.Address)));
    }

    [Fact]
    public void An_address_and_several_urls_are_taken_as_given()
    {
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 5001), new IPEndPoint(IPAddress.IPv6Loopback, 5002)],
            From("http://127.0.0.1:5001; http://[::1]:5002"));
    }

    [Fact]
    public void A_wildcard_host_is_any_address()
    {
        Assert.Equal([new IPEndPoint(IPAddress.Any, 8080)], From("http://*:8080"));
    }

    [Fact]
    public void Without_a_setting_it_is_kestrels_default()
    {
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 5000), From(null));
    }

    [Fact]
    public void Https_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => From("https://localhost:5001"));
    }
}
