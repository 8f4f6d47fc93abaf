using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskQueue.Web.Components.Tasks;
using TaskQueue.Web.Security;

namespace TaskQueue.Web.Components.Admin;

public sealed partial class Users
{
    private readonly CancellationTokenSource _disposed = new();
    private IReadOnlyList<UserSummary>? _users;
    private string? _currentUserId;
    private string? _userName;
    private string? _password;
    private bool _isAdmin;
    private string? _error;
    private bool _busy;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _currentUserId = TaskAccess.From((await AuthenticationState).User).UserId;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            _users = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync(_disposed.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _error = $"The users could not be read: {exception.Message}";
        }
    }

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            var name = _userName!.Trim();
            var change = await ChangeAsync(users => users.CreateAsync(name, _password!, _isAdmin));
            if (change.Succeeded)
            {
                Snackbar.Add($"Created {name}.", Severity.Success);
                (_userName, _password, _isAdmin) = (null, null, false);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SetDisabledAsync(UserSummary user, bool disabled)
    {
        var change = await ChangeAsync(users => users.SetDisabledAsync(_currentUserId!, user.Id, disabled));
        if (change.Succeeded)
        {
            Snackbar.Add($"{(disabled ? "Disabled" : "Enabled")} {user.UserName}.", Severity.Success);
        }
    }

    private async Task DeleteAsync(UserSummary user)
    {
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>("Delete user", new DialogParameters<ConfirmDialog>
        {
            { confirm => confirm.Message, $"Delete {user.UserName} and their API keys? Their {user.Tasks} tasks stay, visible to admins." },
            { confirm => confirm.ConfirmText, "Delete" },
            { confirm => confirm.TestIdPrefix, "delete-user" },
        });
        if (await dialog.Result is { Canceled: false } && (await ChangeAsync(users => users.DeleteAsync(_currentUserId!, user.Id))).Succeeded)
        {
            Snackbar.Add($"Deleted {user.UserName}.", Severity.Success);
        }
    }

    // Runs one change in a scope of its own, shows its error if any, and reloads the table.
    private async Task<UserChange> ChangeAsync(Func<UserAdministration, Task<UserChange>> change)
    {
        UserChange result;
        await using (var scope = ScopeFactory.CreateAsyncScope())
        {
            result = await change(scope.ServiceProvider.GetRequiredService<UserAdministration>());
        }

        _error = result.Succeeded ? null : result.Error;
        await LoadAsync();
        return result;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
