using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskQueue.Web.Components.Live;
using TaskQueue.Web.Components.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;
using TaskQueue.Web.Services.Workflows;

namespace TaskQueue.Web.Components.Pages;

public sealed partial class WorkflowDetails
{
    private WorkflowView? _view;
    private HashSet<Guid> _stepIds = [];
    private bool _loaded;
    private bool _busy;
    private string? _error;

    [Parameter] public Guid Id { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnParametersSetAsync() => LoadAsync(Disposed);

    // A change to any step re-reads the workflow: the advancer announces every step when it
    // records how the workflow ended, so the workflow's own status follows too.
    protected override bool IsRelevant(IReadOnlyCollection<Guid> taskIds) => taskIds.Any(_stepIds.Contains);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            _view = await scope.ServiceProvider.GetRequiredService<WorkflowService>().FindAsync(await AccessAsync(), Id, cancellationToken);
            _stepIds = _view?.Steps.Select(step => step.Id).ToHashSet() ?? [];
            _error = null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            _error = exception.Message;
        }

        _loaded = true;
    }

    private async Task CancelAsync()
    {
        var confirmed = await Dialogs.ShowAsync<ConfirmDialog>("Cancel workflow", new DialogParameters<ConfirmDialog>
        {
            { dialog => dialog.Message, $"Cancel {_view?.Workflow.Name}? Its waiting steps never run and its running steps are stopped." },
            { dialog => dialog.ConfirmText, "Cancel workflow" },
            { dialog => dialog.TestIdPrefix, "cancel-workflow" },
        });
        if (await confirmed.Result is not { Canceled: false })
        {
            return;
        }

        _busy = true;
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<WorkflowService>().CancelAsync(await AccessAsync(), Id, Disposed);
            Snackbar.Add(result.Reason ?? "Workflow cancelled.", result.Status == TaskActionStatus.Accepted ? Severity.Success : Severity.Warning);
        }
        finally
        {
            _busy = false;
        }

        await LoadAsync(Disposed);
    }

    private async Task<TaskAccess> AccessAsync() => TaskAccess.From((await AuthenticationState).User);
}
