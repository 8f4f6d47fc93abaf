using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The Copies field submits a batch; the user finds it by name and watches every copy finish.
[Collection(BrowserCollection.Name)]
public sealed class CopiesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Twenty_fibonacci_copies_all_finish_with_the_same_result()
    {
        await using var user = await fixture.NewUserAsync();
        var tasks = await user.OpenTasksAsync();
        var name = $"fib-{Guid.NewGuid():N}"[..12];

        var dialog = await tasks.OpenNewTaskDialogAsync();
        await dialog.ChooseTypeAsync("fibonacci");
        await dialog.NameAsync(name);
        await dialog.FibonacciNAsync(30);
        await dialog.CopiesAsync(20);
        await Expect(dialog.Root.GetByTestId("new-task-create")).ToHaveTextAsync("Create 20");
        await dialog.CreateAsync();

        // 20 rows fit the default page of 25 once the list is narrowed to this name.
        await tasks.SearchAsync(name);
        var rows = tasks.RowsNamed(name);
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(TasksPage.WithStatus(rows, "Finished")).ToHaveCountAsync(20, new() { Timeout = 60_000 });
        foreach (var result in await rows.GetByTestId("task-result").AllAsync())
        {
            await Expect(result).ToHaveTextAsync("832040");
        }

        await user.AssertNoErrorBarAsync();
    }
}
