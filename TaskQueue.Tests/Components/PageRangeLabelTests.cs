using TaskQueue.Web.Components.Tasks;

namespace TaskQueue.Tests.Components;

public sealed class PageRangeLabelTests
{
    [Theory]
    [InlineData(0, 1, 25, 0, "")]
    [InlineData(1, 1, 25, 1, "1 task")]
    [InlineData(3, 1, 25, 3, "3 tasks")]
    [InlineData(25, 1, 25, 25, "25 tasks")]
    [InlineData(26, 1, 25, 25, "1–25 of 26")]
    [InlineData(26, 2, 25, 1, "26–26 of 26")]
    [InlineData(1200, 3, 100, 100, "201–300 of 1,200")]
    public void The_label_counts_tasks_when_they_fit_on_one_page_and_shows_the_range_when_they_do_not(
        int total, int page, int pageSize, int itemsOnPage, string expected) =>
        Assert.Equal(expected, PageRangeLabel.For(total, page, pageSize, itemsOnPage));
}
