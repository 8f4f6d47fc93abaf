using BlazorMonaco.Editor;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskQueue.Data.Model;
using TaskQueue.Web.Components.Live;
using TaskQueue.Web.Components.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;
using TaskQueue.Web.Services.Workflows;

namespace TaskQueue.Web.Components.Pages;

public sealed partial class TaskDetails
{
    private TaskItem? _task;
    private TaskInputView? _input;
    private string? _workflowName;
    private bool _loaded;
    private bool _busy;
    private string? _error;

    [Parameter] public Guid Id { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    protected override Task OnParametersSetAsync() => LoadAsync(Disposed);

    // Only changes to this task matter here; the rest of the firehose is ignored before it costs anything.
    protected override bool IsRelevant(IReadOnlyCollection<Guid> taskIds) => taskIds.Contains(Id);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            _task = await scope.ServiceProvider.GetRequiredService<TaskService>().FindAsync(await AccessAsync(), Id, cancellationToken);
            _input = _task is null ? null : TaskInputView.For(_task);
            _workflowName = _task?.WorkflowId is { } workflowId
                ? await scope.ServiceProvider.GetRequiredService<WorkflowService>().FindNameAsync(await AccessAsync(), workflowId, cancellationToken)
                : null;
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

    private const int EditorLineHeight = 19;
    private const int EditorMaxLines = 20;

    // Monaco cannot size itself to its content: the editor is as tall as the script (up to 20
    // lines, then it scrolls), so a one-line script leaves its result and error in view.
    private string InputEditorHeight
    {
        get
        {
            var lines = (_input?.Text ?? "").Split('\n').Length;
            const int paddingAndScrollbar = 2 * 4 + 14;
            return $"{Math.Clamp(lines, 1, EditorMaxLines) * EditorLineHeight + paddingAndScrollbar}px";
        }
    }

    private StandaloneEditorConstructionOptions InputEditorOptions(StandaloneCodeEditor editor) => new()
    {
        Language = _input?.Language ?? "javascript",
        Value = _input?.Text ?? "",
        ReadOnly = true,
        AutomaticLayout = true,
        LineHeight = EditorLineHeight,
        Padding = new EditorPaddingOptions { Top = 4, Bottom = 4 },
        Minimap = new EditorMinimapOptions { Enabled = false },
        ScrollBeyondLastLine = false,
    };

    private async Task RunAsync(TaskCommand command)
    {
        _busy = true;
        try
        {
            await command.RunAsync(await AccessAsync(), [Id], ScopeFactory, Snackbar, Disposed);
        }
        finally
        {
            _busy = false;
        }

        await LoadAsync(Disposed);
    }

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.ShowAsync<ConfirmDialog>("Delete task", new DialogParameters<ConfirmDialog>
        {
            { dialog => dialog.Message, $"Delete {_task?.Name}? A running task is cancelled first. This cannot be undone." },
            { dialog => dialog.ConfirmText, "Delete" },
            { dialog => dialog.TestIdPrefix, "delete" },
        });
        if (await confirmed.Result is { Canceled: false })
        {
            await RunAsync(TaskCommand.Delete);
            Navigation.NavigateTo("/");
        }
    }

    private async Task<TaskAccess> AccessAsync() => TaskAccess.From((await AuthenticationState).User);
}
