using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskQueue.Data.Model;
using TaskQueue.Web.Components.Live;
using TaskQueue.Web.Components.Schedules;
using TaskQueue.Web.Components.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;
using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Web.Components.Pages;

public sealed partial class Schedules
{
    private const int HistoryLength = 10;

    // Pauses, resumes and deletes made elsewhere announce nothing; runs do (as task changes).
    private static readonly TimeSpan s_refreshInterval = TimeSpan.FromSeconds(5);

    // Any task's change may be a run's, and a reload reads every schedule's history: at most one
    // a second, however busy the queue.
    private static readonly TimeSpan s_changesInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _disposed = new();
    private readonly HashSet<Guid> _expanded = [];
    private CoalescedTaskChanges? _changes;
    private PeriodicRefresh? _refresh;
    private List<Schedule>? _schedules;
    private IReadOnlyDictionary<Guid, List<TaskItem>> _runs = new Dictionary<Guid, List<TaskItem>>();
    private string? _error;
    private bool _busy;
    private int _loadVersion;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private TaskChangeNotifier Notifier { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync(_disposed.Token);

    // Subscribes only once interactive: a prerender has no circuit to push changes to.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _changes = new CoalescedTaskChanges(Notifier, RefreshAsync, interval: s_changesInterval);
            _refresh = new PeriodicRefresh(s_refreshInterval, RefreshAsync);
        }
    }

    private Task RefreshAsync(CancellationToken cancellationToken) => InvokeAsync(async () =>
    {
        await LoadAsync(cancellationToken);
        StateHasChanged();
    });

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // Loads can overlap (a live refresh and a click); only the newest one may land.
        var version = ++_loadVersion;
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<ScheduleService>();
            var schedules = await service.ListAsync(await AccessAsync(), cancellationToken);
            var runs = await service.RecentRunsAsync(schedules.Select(schedule => schedule.Id).ToList(), HistoryLength, cancellationToken);
            if (version != _loadVersion)
            {
                return;
            }

            (_schedules, _runs, _error) = (schedules, runs, null);
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

    private Task ReloadAsync() => LoadAsync(_disposed.Token);

    private void ToggleHistory(Guid id)
    {
        if (!_expanded.Remove(id))
        {
            _expanded.Add(id);
        }
    }

    private async Task CreateAsync()
    {
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<NewScheduleDialog>("New schedule", options);
        if (await dialog.Result is not { Canceled: false, Data: NewSchedule newSchedule })
        {
            return;
        }

        await RunAsync($"The schedule could not be created", async (service, access, token) =>
        {
            var created = await service.CreateAsync(access, newSchedule, token);
            Snackbar.Add($"Created {created.Name}.", Severity.Success, notice => notice.CloseAfterNavigation = true);
        });
    }

    private Task PauseAsync(Schedule schedule) =>
        RunAsync($"{schedule.Name} could not be paused", (service, access, token) => service.PauseAsync(access, schedule.Id, token));

    private Task ResumeAsync(Schedule schedule) =>
        RunAsync($"{schedule.Name} could not be resumed", (service, access, token) => service.ResumeAsync(access, schedule.Id, token));

    private Task TriggerAsync(Schedule schedule) =>
        RunAsync($"{schedule.Name} could not be triggered", async (service, access, token) =>
        {
            var result = await service.TriggerAsync(access, schedule.Id, token);
            if (result?.RetryAfter is { } retryAfter)
            {
                Snackbar.Add($"You are enqueueing too fast: try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.", Severity.Warning);
            }
            else if (result is not null)
            {
                // The run shows in the history at once.
                _expanded.Add(schedule.Id);
                Snackbar.Add($"Queued {result.Tasks[0].Name}.", Severity.Success, notice => notice.CloseAfterNavigation = true);
            }
        });

    private async Task DeleteAsync(Schedule schedule)
    {
        var confirmed = await Dialogs.ShowAsync<ConfirmDialog>("Delete schedule", new DialogParameters<ConfirmDialog>
        {
            { dialog => dialog.Message, $"Delete the schedule {schedule.Name}? No occurrence fires after this; the tasks it created stay." },
            { dialog => dialog.ConfirmText, "Delete" },
            { dialog => dialog.TestIdPrefix, "delete-schedule" },
        });
        if (await confirmed.Result is { Canceled: false })
        {
            await RunAsync($"{schedule.Name} could not be deleted", (service, access, token) => service.DeleteAsync(access, schedule.Id, token));
        }
    }

    private async Task RunAsync(string failure, Func<ScheduleService, TaskAccess, CancellationToken, Task> action)
    {
        _busy = true;
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            await action(scope.ServiceProvider.GetRequiredService<ScheduleService>(), await AccessAsync(), _disposed.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Snackbar.Add($"{failure}: {exception.Message}", Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        await ReloadAsync();
    }

    public void Dispose()
    {
        _changes?.Dispose();
        _refresh?.Dispose();
        // Cancelled, not disposed: an action still finishing reads its token afterwards.
        _disposed.Cancel();
    }

    private async Task<TaskAccess> AccessAsync() => TaskAccess.From((await AuthenticationState).User);
}
