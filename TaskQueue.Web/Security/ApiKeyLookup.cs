using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;

namespace TaskQueue.Web.Security;

// An unrevoked key by its hash, with its owner and their roles.
internal sealed record ApiKeyMatch(Guid Id, string UserId, string? UserName, DateTimeOffset? LockoutEnd, DateTimeOffset? LastUsedAt, List<string?> Roles);

// The lookup every API request makes, compiled once: EF then skips, per request, walking the
// LINQ tree for its parameters and its query cache, which cost more of the web app's CPU than
// creating the request's tasks (bench/profile.sh at 200 tasks/s, README #16). The key is still
// read from the database each time, so a revoked key stops working at once on every replica.
internal static class ApiKeyLookup
{
    public static readonly Func<TasksDbContext, string, CancellationToken, Task<ApiKeyMatch?>> FindByHashAsync =
        EF.CompileAsyncQuery((TasksDbContext db, string hash, CancellationToken cancellationToken) => (
            from key in db.ApiKeys.AsNoTracking()
            where key.Hash == hash && key.RevokedAt == null
            join user in db.Users on key.UserId equals user.Id
            select new ApiKeyMatch(
                key.Id,
                key.UserId,
                user.UserName,
                user.LockoutEnd,
                key.LastUsedAt,
                (from userRole in db.UserRoles
                 join role in db.Roles on userRole.RoleId equals role.Id
                 where userRole.UserId == user.Id
                 select role.Name).ToList())).FirstOrDefault());
}
