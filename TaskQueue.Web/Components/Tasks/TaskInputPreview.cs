using MudBlazor;
using TaskQueue.Data.Model;

namespace TaskQueue.Web.Components.Tasks;

// A task's whole input in a dialog (a task table's "Code / Input" link).
public static class TaskInputPreview
{
    public static Task ShowTaskInputAsync(this IDialogService dialogs, TaskItem task) =>
        dialogs.ShowAsync<CodePreviewDialog>(
            task.Name,
            new DialogParameters<CodePreviewDialog>
            {
                { dialog => dialog.Title, $"{task.Name} ({task.Type})" },
                { dialog => dialog.Input, TaskInputView.For(task) },
            },
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true });
}
