using TaskQueue.Data.Model;
using TaskQueue.Web.Services;

namespace TaskQueue.Tests.Unit;

public sealed class TaskPageTests
{
    [Fact]
    public void Without_drops_the_deleted_rows_and_counts_them_off_the_total()
    {
        var tasks = Enumerable.Range(0, 3).Select(i => new TaskItem { Id = Guid.NewGuid(), Name = $"task {i}" }).ToList();
        var page = new TaskPage(tasks, Total: 120, Page: 2, PageSize: 50);

        var after = page.Without([tasks[0].Id, tasks[2].Id]);

        Assert.Equal([tasks[1].Id], after.Items.Select(task => task.Id));
        Assert.Equal(118, after.Total);
        Assert.Equal((2, 50), (after.Page, after.PageSize));
    }

    [Fact]
    public void Tasks_not_on_the_page_change_nothing()
    {
        var task = new TaskItem { Id = Guid.NewGuid(), Name = "kept" };
        var page = new TaskPage([task], Total: 1, Page: 1, PageSize: 50);

        var after = page.Without([Guid.NewGuid()]);

        Assert.Equal([task.Id], after.Items.Select(item => item.Id));
        Assert.Equal(1, after.Total);
    }
}
