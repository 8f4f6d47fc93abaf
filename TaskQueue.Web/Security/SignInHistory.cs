using System.Globalization;
using Microsoft.AspNetCore.Identity;

namespace TaskQueue.Web.Security;

// Each account's last sign-in, kept as an Identity user token. The sign-in page uses it to tell
// the first user of a fresh install where the admin password is, until the admin has signed in.
public sealed class SignInHistory(UserManager<IdentityUser> users, TimeProvider clock)
{
    private const string LoginProvider = "TaskQueue";
    private const string TokenName = "LastSignIn";

    public async Task RecordAsync(string userName)
    {
        if (await users.FindByNameAsync(userName) is { } user)
        {
            await users.SetAuthenticationTokenAsync(user, LoginProvider, TokenName,
                clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        }
    }

    public async Task<bool> HasEverSignedInAsync(string userName) =>
        await users.FindByNameAsync(userName) is { } user
        && await users.GetAuthenticationTokenAsync(user, LoginProvider, TokenName) is not null;
}
