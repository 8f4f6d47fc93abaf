using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;

namespace TaskQueue.Web.Security;

public sealed record UserSummary(string Id, string UserName, bool IsAdmin, bool IsDisabled, int ActiveApiKeys, int Tasks);

public sealed record UserChange(bool Succeeded, string? Error = null)
{
    public static readonly UserChange Done = new(true);

    public static UserChange From(IdentityResult result) =>
        result.Succeeded ? Done : new UserChange(false, string.Join(" ", result.Errors.Select(error => error.Description)));
}

// What the Users page does. Disabling is Identity's lockout set to the far future plus a new
// security stamp: sign-in, API keys and open circuits (on revalidation) all stop working.
public sealed class UserAdministration(UserManager<IdentityUser> users, TasksDbContext db)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Select(user => user.Id).ToHashSet();
        var rows = await db.Users.AsNoTracking()
            .OrderBy(user => user.UserName)
            .Select(user => new
            {
                user.Id,
                user.UserName,
                user.LockoutEnd,
                Keys = db.ApiKeys.Count(key => key.UserId == user.Id && key.RevokedAt == null),
                Tasks = db.Tasks.Count(task => task.OwnerId == user.Id),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(row => new UserSummary(
            row.Id, row.UserName ?? row.Id, admins.Contains(row.Id), row.LockoutEnd > now, row.Keys, row.Tasks)).ToList();
    }

    public async Task<UserChange> CreateAsync(string userName, string password, bool isAdmin)
    {
        var user = new IdentityUser(userName.Trim());
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded || !isAdmin)
        {
            return UserChange.From(created);
        }

        return UserChange.From(await users.AddToRoleAsync(user, Roles.Admin));
    }

    public async Task<UserChange> SetDisabledAsync(string actingUserId, string userId, bool disabled)
    {
        if (actingUserId == userId)
        {
            return new UserChange(false, "You cannot disable your own account.");
        }

        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return new UserChange(false, "That user no longer exists.");
        }

        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
        return result.Succeeded ? UserChange.From(await users.UpdateSecurityStampAsync(user)) : UserChange.From(result);
    }

    // Their tasks stay (an admin still sees them); their keys go with the account.
    public async Task<UserChange> DeleteAsync(string actingUserId, string userId)
    {
        if (actingUserId == userId)
        {
            return new UserChange(false, "You cannot delete your own account.");
        }

        return await users.FindByIdAsync(userId) is { } user
            ? UserChange.From(await users.DeleteAsync(user))
            : new UserChange(false, "That user no longer exists.");
    }
}
