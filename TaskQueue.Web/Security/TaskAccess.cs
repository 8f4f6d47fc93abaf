using System.Security.Claims;

namespace TaskQueue.Web.Security;

// Who is asking, as far as tasks are concerned: users see and act on their own tasks,
// admins on all of them.
public sealed record TaskAccess(string UserId, bool IsAdmin)
{
    public static TaskAccess From(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier)
                ?? throw new InvalidOperationException("The caller is not signed in."),
            user.IsInRole(Roles.Admin));

    public bool CanSee(string? ownerId) => IsAdmin || ownerId == UserId;
}
