using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace TaskQueue.Web.Security;

// Makes the configured admin account exist before the app serves anyone: the AppHost's
// admin-password parameter is the source of truth for its password (setting the parameter
// again resets it), and admin-key, when given, becomes one of its API keys.
//
// Every web replica runs this as it starts, so several may create the role, the account or the
// key at the same moment. The database's unique indexes let one of them win; the others see a
// conflict (a unique violation, or Identity's duplicate and concurrency errors), and run the
// whole seeding again on fresh reads, which now find what the winner made.
public sealed partial class AdminAccountSeeder(
    IServiceScopeFactory scopeFactory, IOptions<AdminOptions> options, ILogger<AdminAccountSeeder> logger) : IHostedService
{
    public const string AdminKeyName = "AppHost --admin-key";

    private const int MaxAttempts = 5;

    private static readonly HashSet<string> s_conflictCodes = ["DuplicateUserName", "DuplicateRoleName", "ConcurrencyFailure", "UserAlreadyInRole"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SeedAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (attempt < MaxAttempts && exception is DbUpdateException or SeedingConflictException)
            {
                LogSeedingConflict(logger, attempt, exception.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 100) * attempt), cancellationToken);
            }
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        await using var scope = scopeFactory.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Roles.Admin))
        {
            Check(await roles.CreateAsync(new IdentityRole(Roles.Admin)), "create the admin role");
        }

        if (string.IsNullOrEmpty(admin.Password))
        {
            LogNoAdminPassword(logger);
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.FindByNameAsync(admin.UserName);
        if (user is null)
        {
            user = new IdentityUser(admin.UserName);
            Check(await users.CreateAsync(user, admin.Password), "create the admin account");
            LogAdminCreated(logger, admin.UserName);
        }
        else if (!await users.CheckPasswordAsync(user, admin.Password))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            Check(await users.ResetPasswordAsync(user, token, admin.Password), "reset the admin password");
            LogAdminPasswordReset(logger, admin.UserName);
        }

        if (!await users.IsInRoleAsync(user, Roles.Admin))
        {
            Check(await users.AddToRoleAsync(user, Roles.Admin), "give the admin account its role");
        }

        if (!string.IsNullOrEmpty(admin.ApiKey))
        {
            if (!ApiKeySecret.LooksValid(admin.ApiKey))
            {
                throw new InvalidOperationException("Admin:ApiKey must be 16 to 256 characters of letters, digits, '-' or '_'.");
            }

            await scope.ServiceProvider.GetRequiredService<ApiKeyService>().EnsureKeyAsync(user.Id, AdminKeyName, admin.ApiKey, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Check(IdentityResult result, string action)
    {
        if (!result.Succeeded && result.Errors.Any(error => s_conflictCodes.Contains(error.Code)))
        {
            throw new SeedingConflictException($"Could not {action}: {string.Join(" ", result.Errors.Select(error => error.Description))}");
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {action}: {string.Join(" ", result.Errors.Select(error => error.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Another web replica seeded the admin account at the same time (attempt {Attempt}: {Reason}); reading again")]
    private static partial void LogSeedingConflict(ILogger logger, int attempt, string reason);

    private sealed class SeedingConflictException(string message) : Exception(message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin password is configured (Admin__Password); no admin account was created or changed.")]
    private static partial void LogNoAdminPassword(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the admin account {UserName}.")]
    private static partial void LogAdminCreated(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reset the password of the admin account {UserName} to the configured one.")]
    private static partial void LogAdminPasswordReset(ILogger logger, string userName);
}
