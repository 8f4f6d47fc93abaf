using System.Security.Cryptography;
using System.Text;

namespace TaskQueue.AppHost.Dashboard;

// The token in the printed login link. As with Aspire's dashboard it stays valid for the
// whole run, so the operator can open the link again in another browser; it changes with
// every run (unless --dashboard-token fixes it) and is compared in constant time.
public sealed class LoginToken(string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public static string NewRandom() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public bool TryRedeem(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _expected);
}
