using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Security;

// Users see and act on their own tasks; another user's task does not exist for them (404,
// not 403, so ids cannot be probed); admins see and act on all; operator APIs are admin-only.
[Collection(SystemCollection.Name)]
public sealed class AccessControlTests(SystemFixture system)
{
    [Fact]
    public async Task Another_users_task_is_not_found_by_any_route_and_not_listed_or_counted()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var alice = await pipeline.CreateUserClientAsync($"alice-{Guid.NewGuid():N}"[..14]);
        using var bob = await pipeline.CreateUserClientAsync($"bob-{Guid.NewGuid():N}"[..12]);

        using var created = await alice.PostAsJsonAsync("/api/tasks", new { type = "echo", name = "alice's secret", input = new { value = "private" } });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await pipeline.WaitForTaskAsync(id, task => task.Status == Data.Model.TaskItemStatus.Finished, TimeSpan.FromSeconds(30));

        using (var get = await bob.GetAsync($"/api/tasks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        foreach (var (method, path) in new[] { (HttpMethod.Post, $"/api/tasks/{id}/cancel"), (HttpMethod.Post, $"/api/tasks/{id}/retry"), (HttpMethod.Delete, $"/api/tasks/{id}") })
        {
            using var response = await bob.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var bobsList = await bob.GetFromJsonAsync<JsonElement>($"/api/tasks?search={id}");
        Assert.Equal(0, bobsList.GetProperty("total").GetInt32());
        var bobsStats = await bob.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal(0, bobsStats.GetProperty("total").GetInt32());

        var alicesStats = await alice.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal(1, alicesStats.GetProperty("total").GetInt32());
        var alicesTask = await alice.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}");
        Assert.Equal("\"private\"", alicesTask.GetProperty("result").GetRawText());

        // The admin sees it, and the task is still there: bob's delete changed nothing.
        using var adminView = await pipeline.Api.GetAsync($"/api/tasks/{id}");
        Assert.Equal(HttpStatusCode.OK, adminView.StatusCode);
        var adminList = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/tasks?search={id}");
        Assert.Equal(1, adminList.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Operator_apis_are_for_admins_only()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var carol = await pipeline.CreateUserClientAsync($"carol-{Guid.NewGuid():N}"[..14]);

        foreach (var path in new[] { "/api/workers", "/api/dead-letters", "/api/operations/queues", "/api/operations/throughput", "/api/operations/latency" })
        {
            using var asUser = await carol.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
            using var asAdmin = await pipeline.Api.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer tq_not-a-key-that-exists-anywhere")]
    [InlineData("Basic YWRtaW46cGFzc3dvcmQ=")]
    [InlineData("Bearer ' or 1=1 --")]
    public async Task A_missing_unknown_or_malformed_key_gets_401_with_a_bearer_challenge(string? authorization)
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var client = TestCredentials.Client(pipeline.Web.BaseAddress, apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once_and_keys_are_stored_only_as_hashes()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var (userName, secret) = await CreateUserWithKeyAsync(pipeline, "dave");
        using var dave = TestCredentials.Client(pipeline.Web.BaseAddress, secret);
        await AssertStatsAnswerAsync(dave, HttpStatusCode.OK);

        await using (var db = pipeline.CreateDb())
        {
            var keys = await db.ApiKeys.Where(key => db.Users.Any(user => user.Id == key.UserId && user.UserName == userName)).ToListAsync();
            var key = Assert.Single(keys);
            Assert.NotEqual(secret, key.Hash);
            Assert.DoesNotContain(secret, key.Hash + key.Prefix + key.Name);
            Assert.NotNull(key.LastUsedAt);
            key.RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        await AssertStatsAnswerAsync(dave, HttpStatusCode.Unauthorized);
    }

    // The key's lookup reads the owner's lockout with the key on every request, so disabling a
    // user (UserAdministration.SetDisabledAsync sets LockoutEnd) stops their keys at once.
    [Fact]
    public async Task A_disabled_users_key_stops_working_at_once_and_works_again_when_enabled()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var (userName, secret) = await CreateUserWithKeyAsync(pipeline, "erin");
        using var erin = TestCredentials.Client(pipeline.Web.BaseAddress, secret);
        await AssertStatsAnswerAsync(erin, HttpStatusCode.OK);

        await SetLockoutEndAsync(pipeline, userName, DateTimeOffset.MaxValue);
        await AssertStatsAnswerAsync(erin, HttpStatusCode.Unauthorized);

        await SetLockoutEndAsync(pipeline, userName, null);
        await AssertStatsAnswerAsync(erin, HttpStatusCode.OK);
    }

    // A new user with one API key; the name is unique per run, as the shared pipeline's users stay.
    private static async Task<(string UserName, string Secret)> CreateUserWithKeyAsync(Pipeline pipeline, string name)
    {
        var userName = $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];
        await using var db = pipeline.CreateDb();
        return (userName, await TestCredentials.CreateUserAsync(db, userName, "User-Passw0rd-123"));
    }

    private static async Task AssertStatsAnswerAsync(HttpClient client, HttpStatusCode expected)
    {
        using var response = await client.GetAsync("/api/stats");
        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task SetLockoutEndAsync(Pipeline pipeline, string userName, DateTimeOffset? lockoutEnd)
    {
        await using var db = pipeline.CreateDb();
        var user = await db.Users.SingleAsync(user => user.UserName == userName);
        user.LockoutEnabled = true;
        user.LockoutEnd = lockoutEnd;
        await db.SaveChangesAsync();
    }
}
