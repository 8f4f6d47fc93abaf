using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.Security;

// Walks the web app's own route table, so an endpoint added later cannot slip through
// unprotected: every one answers 401 to a request without credentials, except the short
// list below that must be open for anyone to sign in at all.
[Collection(SystemCollection.Name)]
public sealed class EndpointProtectionTests(SystemFixture system, ITestOutputHelper output)
{
    // Open on purpose: probes that reveal only Healthy/Unhealthy, and the sign-in pages.
    private static readonly HashSet<string> s_anonymousRoutes = ["/health", "/alive", "/account/login", "/account/access-denied"];

    [Fact]
    public async Task Every_endpoint_in_the_route_table_answers_401_without_credentials()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var anonymous = web.CreateClient();
        var endpoints = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var checkedRoutes = 0;
        var failures = new List<string>();

        foreach (var endpoint in endpoints)
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var isStaticAsset = endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
            var isOpen = isStaticAsset || s_anonymousRoutes.Contains(route);
            Assert.True(isOpen || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null,
                $"{route} allows anonymous access but is not on the list of open routes");
            if (isStaticAsset)
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(endpoint.RoutePattern));
                request.Headers.Accept.ParseAdd("application/json");
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await anonymous.SendAsync(request);
                checkedRoutes++;
                var expected = isOpen ? "open" : "401";
                var actual = response.StatusCode == HttpStatusCode.Unauthorized ? "401" : "open";
                output.WriteLine($"{method,-6} {route,-45} → {(int)response.StatusCode}");
                if (!isOpen && actual != expected)
                {
                    failures.Add($"{method} {route} answered {(int)response.StatusCode} without credentials");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(checkedRoutes >= 15, $"only {checkedRoutes} routes were checked");
        Assert.Contains(endpoints, endpoint => endpoint.RoutePattern.RawText?.Contains("api/tasks", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_browser_asking_for_a_page_is_sent_to_sign_in_and_back()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var browser = web.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tasks/" + Guid.NewGuid());
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/login?ReturnUrl=%2Ftasks%2F", response.Headers.Location!.ToString());
    }

    // Each route parameter gets a value of the kind its constraint accepts.
    private static string Concrete(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(policy => policy.Content == "guid") => Guid.NewGuid().ToString(),
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(policy => policy.Content is "long" or "int") => "1",
            RoutePatternParameterPart => "x",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}
