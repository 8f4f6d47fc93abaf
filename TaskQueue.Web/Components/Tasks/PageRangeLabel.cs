namespace TaskQueue.Web.Components.Tasks;

// The label beside the pager: "26–50 of 120" when there are pages, "3 tasks" when they all fit
// ("1–3 of 3" said the same thing less clearly), nothing when there are none.
public static class PageRangeLabel
{
    public static string For(int total, int page, int pageSize, int itemsOnPage)
    {
        if (total <= 0)
        {
            return "";
        }

        if (total <= pageSize && page == 1)
        {
            return total == 1 ? "1 task" : $"{total:N0} tasks";
        }

        var first = (page - 1) * pageSize + 1;
        return $"{first:N0}–{first + itemsOnPage - 1:N0} of {total:N0}";
    }
}
