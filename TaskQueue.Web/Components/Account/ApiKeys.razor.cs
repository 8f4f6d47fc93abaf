using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using TaskQueue.Data.Model;
using TaskQueue.Web.Components.Tasks;
using TaskQueue.Web.Security;

namespace TaskQueue.Web.Components.Account;

public sealed partial class ApiKeys
{
    private readonly CancellationTokenSource _disposed = new();
    private IReadOnlyList<ApiKey>? _keys;
    private CreatedApiKey? _created;
    private string? _name;
    private string? _error;
    private bool _busy;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            _keys = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().ListAsync(await UserIdAsync(), _disposed.Token);
            _error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _error = $"The keys could not be read: {exception.Message}";
        }
    }

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            _created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(await UserIdAsync(), _name!, _disposed.Token);
            _name = null;
            await LoadAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _error = $"The key could not be created: {exception.Message}";
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(ApiKey key)
    {
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>("Revoke API key", new DialogParameters<ConfirmDialog>
        {
            { confirm => confirm.Message, $"Revoke {key.Name} ({key.Prefix}…)? Scripts using it get 401 from now on." },
            { confirm => confirm.ConfirmText, "Revoke" },
            { confirm => confirm.TestIdPrefix, "revoke" },
        });
        if (await dialog.Result is not { Canceled: false })
        {
            return;
        }

        await using var scope = ScopeFactory.CreateAsyncScope();
        var revoked = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(await UserIdAsync(), key.Id, _disposed.Token);
        Snackbar.Add(revoked ? $"Revoked {key.Name}." : "That key no longer exists.", revoked ? Severity.Success : Severity.Info);
        if (_created?.Key.Id == key.Id)
        {
            _created = null;
        }

        await LoadAsync();
    }

    private async Task CopyAsync()
    {
        await JS.InvokeVoidAsync("navigator.clipboard.writeText", _created!.Secret);
        Snackbar.Add("Copied.", Severity.Info);
    }

    private async Task<string> UserIdAsync() => TaskAccess.From((await AuthenticationState).User).UserId;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
