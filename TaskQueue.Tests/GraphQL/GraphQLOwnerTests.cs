using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.GraphQL;

// A key acts as its user, as on the REST API: another user's task does not exist for them
// (null, NOT_FOUND), it is neither listed nor counted, and their mutations change nothing.
[Collection(SystemCollection.Name)]
public sealed class GraphQLOwnerTests(SystemFixture system)
{
    [Fact]
    public async Task Another_user_cannot_see_cancel_retry_or_delete_the_admins_task()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var bob = await pipeline.CreateUserClientAsync($"gql-bob-{Guid.NewGuid():N}"[..16]);
        var id = await GraphQLMutationTests.CreateAsync(pipeline.Api, new { type = "simulation", name = "admin's", input = new { steps = 1000, seconds = 30 } });
        await pipeline.WaitForTaskAsync(id, task => task.Status == TaskItemStatus.Running, TimeSpan.FromSeconds(60));

        var seen = await bob.GraphQLDataAsync(
            "query($id: ID!, $search: String) { task(id: $id) { id } tasks(search: $search) { total } stats { total } }", new { id, search = id.ToString() });
        var cancel = await bob.GraphQLAsync("mutation($id: ID!) { cancelTask(id: $id) { id } }", new { id });
        var retry = await bob.GraphQLAsync("mutation($id: ID!) { retryTask(id: $id) { id } }", new { id });
        var delete = await bob.GraphQLAsync("mutation($ids: [ID!]!) { deleteTasks(ids: $ids) }", new { ids = new[] { id } });

        Assert.Equal(JsonValueKind.Null, seen.GetProperty("task").ValueKind);
        Assert.Equal(0, seen.GetProperty("tasks").GetProperty("total").GetInt32());
        Assert.Equal(0, seen.GetProperty("stats").GetProperty("total").GetInt32());
        Assert.Equal("NOT_FOUND", Assert.Single(cancel.ErrorCodes));
        Assert.Equal("NOT_FOUND", Assert.Single(retry.ErrorCodes));
        Assert.Equal("NOT_FOUND", Assert.Single(delete.ErrorCodes));
        Assert.Empty(delete.Data.GetProperty("deleteTasks").EnumerateArray());

        // Still running, still the admin's: bob's cancel and delete changed nothing.
        var task = await pipeline.WaitForTaskAsync(id, _ => true, TimeSpan.FromSeconds(5));
        Assert.Equal(TaskItemStatus.Running, task.Status);
        var adminView = await pipeline.Api.GraphQLDataAsync("query($id: ID!) { task(id: $id) { status } }", new { id });
        Assert.Equal("Running", adminView.GetProperty("task").GetProperty("status").GetString());
        await pipeline.Api.GraphQLDataAsync("mutation($id: ID!) { cancelTask(id: $id) { id } }", new { id });
    }

    [Fact]
    public async Task A_users_tasks_are_theirs_and_the_admin_sees_them_too()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var carol = await pipeline.CreateUserClientAsync($"gql-carol-{Guid.NewGuid():N}"[..18]);
        using var dave = await pipeline.CreateUserClientAsync($"gql-dave-{Guid.NewGuid():N}"[..17]);
        var id = await GraphQLMutationTests.CreateAsync(carol, new { type = "echo", input = new { value = "carol's" } });

        var carolsList = await carol.GraphQLDataAsync("{ tasks { total items { id } } }");
        var davesList = await dave.GraphQLDataAsync("{ tasks { total } }");
        var adminView = await pipeline.Api.GraphQLDataAsync("query($id: ID!) { task(id: $id) { id } }", new { id });

        Assert.Equal(id.ToString(), Assert.Single(carolsList.GetProperty("tasks").GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(0, davesList.GetProperty("tasks").GetProperty("total").GetInt32());
        Assert.Equal(id.ToString(), adminView.GetProperty("task").GetProperty("id").GetString());
    }
}
