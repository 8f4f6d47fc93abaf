using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskQueue.Web.Apis;
using TaskQueue.Web.Components.Live;
using TaskQueue.Web.Components.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;
using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Web.Components.Pages;

public sealed partial class Operations
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const int DeadLetterPageSize = 50;

    // Throughput and latency read up to 15 minutes of tasks; once a second is live enough
    // and keeps a burst of thousands of changes from turning into thousands of queries.
    private static readonly TimeSpan s_taskChangesInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _disposed = new();
    private CoalescedTaskChanges? _changes;
    private PeriodicRefresh? _poll;

    private IReadOnlyList<WorkerStatus> _workers = [];
    private QueueStatsSnapshot? _queues;
    private IReadOnlyList<ThroughputPoint> _throughput = [];
    private LatencySummary? _latency;
    private IReadOnlyList<DeadLetterDto> _deadLetters = [];
    private int _deadLetterTotal;
    private string? _statisticsError;
    private string? _deadLettersError;
    private bool _busy;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private TaskChangeNotifier Notifier { get; set; } = default!;
    [Inject] private WorkerRegistry WorkerRegistry { get; set; } = default!;
    [Inject] private QueueStatsReader QueueStats { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private string WorkersSubtitle
    {
        get
        {
            var alive = _workers.Count(worker => worker.State == WorkerState.Alive);
            return $"{alive} alive" + (_workers.Count > alive ? $", {_workers.Count - alive} lost" : "")
                + $" · lost after {WorkerRegistry.LostAfter.TotalSeconds:0} s without a heartbeat";
        }
    }

    private string DeadLettersSubtitle => $"{_deadLetterTotal} waiting · requeue runs a task again as a new attempt";

    // The broker is not asked during prerendering: the first interactive render does it, so
    // a slow management API never delays the page's first paint.
    protected override Task OnInitializedAsync()
    {
        _workers = WorkerRegistry.List();
        return LoadDatabaseAsync(_disposed.Token);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _changes = new CoalescedTaskChanges(Notifier, RefreshDatabaseAsync, interval: s_taskChangesInterval);
            _poll = new PeriodicRefresh(PollInterval, RefreshAllAsync, Clock);
            _ = RefreshAllAsync(_disposed.Token);
        }
    }

    private Task RefreshDatabaseAsync(CancellationToken cancellationToken) => InvokeAsync(async () =>
    {
        await LoadDatabaseAsync(cancellationToken);
        StateHasChanged();
    });

    private Task RefreshAllAsync(CancellationToken cancellationToken) => InvokeAsync(async () =>
    {
        _workers = WorkerRegistry.List();
        var queues = QueueStats.ReadAsync();
        await LoadDatabaseAsync(cancellationToken);
        _queues = await queues;
        StateHasChanged();
    });

    private async Task LoadDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        try
        {
            var statistics = scope.ServiceProvider.GetRequiredService<OperationsStatistics>();
            _throughput = await statistics.ThroughputAsync(cancellationToken);
            _latency = await statistics.LatencyAsync(cancellationToken);
            _statisticsError = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _statisticsError = $"Throughput and latency could not be read: {exception.Message}";
        }

        try
        {
            var (items, total) = await scope.ServiceProvider.GetRequiredService<DeadLetterService>().ListAsync(1, DeadLetterPageSize, cancellationToken);
            _deadLetters = items.Select(DeadLetterDto.From).ToList();
            _deadLetterTotal = total;
            _deadLettersError = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _deadLettersError = $"The dead letters could not be read: {exception.Message}";
        }
    }

    private async Task RequeueAsync(DeadLetterDto deadLetter)
    {
        var what = deadLetter.TaskId is { } taskId ? $"task {TaskFormat.ShortId(taskId)} again as a new attempt" : $"this {deadLetter.Type} message again";
        if (!await ConfirmAsync("Requeue dead letter", $"Run {what}?", "Requeue", "requeue"))
        {
            return;
        }

        await ActAsync(async deadLetters =>
        {
            var result = await deadLetters.RequeueAsync(TaskAccess.From((await AuthenticationState).User), deadLetter.Id, _disposed.Token);
            return result.Status switch
            {
                TaskActionStatus.Accepted => ("Requeued.", Severity.Success),
                TaskActionStatus.NotFound => ("That dead letter was already handled.", Severity.Info),
                _ => ($"Not requeued: {result.Reason}", Severity.Warning),
            };
        });
    }

    private async Task DiscardAsync(DeadLetterDto deadLetter)
    {
        if (!await ConfirmAsync("Discard dead letter", "Discard this message for good? This cannot be undone.", "Discard", "discard"))
        {
            return;
        }

        await ActAsync(async deadLetters => await deadLetters.DiscardAsync(deadLetter.Id, _disposed.Token)
            ? ("Discarded.", Severity.Success)
            : ("That dead letter was already handled.", Severity.Info));
    }

    private async Task<bool> ConfirmAsync(string title, string message, string confirmText, string testIdPrefix)
    {
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>(title, new DialogParameters<ConfirmDialog>
        {
            { confirm => confirm.Message, message },
            { confirm => confirm.ConfirmText, confirmText },
            { confirm => confirm.TestIdPrefix, testIdPrefix },
        });
        return await dialog.Result is { Canceled: false };
    }

    private async Task ActAsync(Func<DeadLetterService, Task<(string Message, Severity Severity)>> action)
    {
        _busy = true;
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var (message, severity) = await action(scope.ServiceProvider.GetRequiredService<DeadLetterService>());
            Snackbar.Add(message, severity);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Snackbar.Add($"That did not work: {exception.Message}", Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        await LoadDatabaseAsync(_disposed.Token);
    }

    public void Dispose()
    {
        _changes?.Dispose();
        _poll?.Dispose();
        // Cancelled, not disposed: an action still finishing reads its token afterwards.
        _disposed.Cancel();
    }
}
