using System.Security.Cryptography;
using System.Text;

namespace TaskQueue.AppHost.Dashboard;

// The token in the printed login link. It can be exchanged for a cookie once: a link that
// leaks from a terminal scrollback or a shell history after that opens nothing.
public sealed class LoginToken(string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);
    private int _used;

    public static string NewRandom() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public bool TryRedeem(string? candidate)
    {
        if (candidate is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _expected))
        {
            return false;
        }

        return Interlocked.Exchange(ref _used, 1) == 0;
    }
}
