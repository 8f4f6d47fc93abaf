using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskQueue.Data.Model;
using TaskQueue.Web.Components.Live;
using TaskQueue.Web.Components.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Components.Pages;

public sealed partial class Tasks
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private TaskPage? _page;
    private IReadOnlyDictionary<TaskItemStatus, int>? _counts;
    private HashSet<Guid> _selected = [];
    private string? _error;
    private bool _busy;
    private int _loadVersion;

    private string? _search;
    private TaskItemStatus? _status;
    private string? _type;
    private TaskSort _sort = TaskSort.CreatedAt;
    private bool _descending = true;
    private int _pageNumber = 1;
    private int _pageSize = 25;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private bool HasFilters => _status is not null || _type is not null || !string.IsNullOrWhiteSpace(_search);

    private int PageCount => _page is null ? 1 : Math.Max(1, (int)Math.Ceiling(_page.Total / (double)_pageSize));

    private string RangeText => _page is null ? "" : PageRangeLabel.For(_page.Total, _page.Page, _page.PageSize, _page.Items.Count);

    protected override Task OnInitializedAsync() => LoadAsync(Disposed);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        // Loads can overlap (a live refresh and a click); only the newest one may land.
        var version = ++_loadVersion;
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var tasks = scope.ServiceProvider.GetRequiredService<TaskService>();
            var access = await AccessAsync();
            var page = await tasks.ListAsync(access, new TaskQuery(_status, _type, _search, _pageNumber, _pageSize, _sort, _descending), cancellationToken);
            if (page.Items.Count == 0 && _pageNumber > 1)
            {
                // The last page emptied (deleted elsewhere): show the new last page instead.
                _pageNumber = Math.Max(1, (int)Math.Ceiling(page.Total / (double)_pageSize));
                page = await tasks.ListAsync(access, new TaskQuery(_status, _type, _search, _pageNumber, _pageSize, _sort, _descending), cancellationToken);
            }

            var counts = await tasks.CountByStatusAsync(access, cancellationToken);
            if (version != _loadVersion)
            {
                return;
            }

            _page = page;
            _counts = counts;
            _error = null;
            // A selection never outlives its rows: what is not on screen cannot be acted on by mistake.
            _selected.IntersectWith(page.Items.Select(task => task.Id));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // A newer load decides what shows; an older one's failure must not escape either,
            // or it would end the circuit (a click) or the page's live updates (a refresh).
            if (version == _loadVersion)
            {
                _error = exception.Message;
            }
        }
    }

    private Task SearchAsync(string? search)
    {
        _search = search;
        return FirstPageAsync();
    }

    private Task FilterByStatusAsync(TaskItemStatus? status)
    {
        _status = status;
        return FirstPageAsync();
    }

    private Task FilterByTypeAsync(string? type)
    {
        _type = type;
        return FirstPageAsync();
    }

    private Task SortAsync((TaskSort Sort, bool Descending) sort)
    {
        (_sort, _descending) = sort;
        return FirstPageAsync();
    }

    private Task ChangePageSizeAsync(int pageSize)
    {
        _pageSize = pageSize;
        return FirstPageAsync();
    }

    private Task GoToPageAsync(int page)
    {
        _pageNumber = page;
        return ReloadAsync();
    }

    private Task FirstPageAsync()
    {
        _pageNumber = 1;
        return ReloadAsync();
    }

    private void OnSelectionChanged(IReadOnlySet<Guid> selected) => _selected = selected.ToHashSet();

    private async Task CreateAsync()
    {
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<NewTaskDialog>("New task", options);
        if (await dialog.Result is not { Canceled: false, Data: IReadOnlyList<NewTask> newTasks })
        {
            return;
        }

        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            // Copies are one batch, followed as one on its page.
            var batchId = newTasks.Count > 1 ? Guid.CreateVersion7() : (Guid?)null;
            var result = await scope.ServiceProvider.GetRequiredService<TaskService>().EnqueueAsync(await AccessAsync(), newTasks, Disposed, batchId);
            if (result.RetryAfter is { } retryAfter)
            {
                Snackbar.Add($"You are enqueueing too fast: try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.", Severity.Warning);
            }
            else
            {
                var created = result.Tasks;
                // About this page only: it must not follow the user to the task they open next.
                var verb = created[0].Status == TaskItemStatus.Scheduled ? "Scheduled" : "Queued";
                Snackbar.Add(created.Count == 1 ? $"{verb} {created[0].Name}." : $"{verb} {created.Count} tasks as one batch.", Severity.Success,
                    notice =>
                    {
                        notice.CloseAfterNavigation = true;
                        if (batchId is { } id)
                        {
                            notice.Action = "View batch";
                            // Long enough to read the notice and reach its button, by mouse or keyboard.
                            notice.VisibleStateDuration = 10_000;
                            notice.OnClick = _ =>
                            {
                                Navigation.NavigateTo($"/batches/{id}");
                                return Task.CompletedTask;
                            };
                        }
                    });
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Snackbar.Add($"The task could not be created: {exception.Message}", Severity.Error);
        }

        await ReloadAsync();
    }

    private Task PreviewAsync(TaskItem task) => Dialogs.ShowTaskInputAsync(task);

    private async Task DeleteAsync()
    {
        var count = _selected.Count;
        var confirmed = await Dialogs.ShowAsync<ConfirmDialog>("Delete tasks", new DialogParameters<ConfirmDialog>
        {
            { dialog => dialog.Message, $"Delete {count} {(count == 1 ? "task" : "tasks")}? Tasks still running are cancelled first. This cannot be undone." },
            { dialog => dialog.ConfirmText, "Delete" },
            { dialog => dialog.TestIdPrefix, "delete" },
        });
        if (await confirmed.Result is { Canceled: false })
        {
            await RunAsync(TaskCommand.Delete);
        }
    }

    private async Task RunAsync(TaskCommand command)
    {
        _busy = true;
        try
        {
            var done = await command.RunAsync(await AccessAsync(), _selected.ToList(), ScopeFactory, Snackbar, Disposed);
            if (command == TaskCommand.Delete)
            {
                _selected.Clear();
                // Deleted rows go at once, whatever the reload below takes or meets.
                _page = _page?.Without(done);
                StateHasChanged();
            }
        }
        finally
        {
            _busy = false;
        }

        await ReloadAsync();
    }

    private async Task<TaskAccess> AccessAsync() => TaskAccess.From((await AuthenticationState).User);
}
