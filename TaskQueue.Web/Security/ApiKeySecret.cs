using System.Security.Cryptography;
using System.Text;

namespace TaskQueue.Web.Security;

// Keys look like "tq_" + 43 base64url characters (256 random bits). The prefix makes a
// leaked key recognisable to secret scanners; the first characters identify it in the UI.
public static class ApiKeySecret
{
    public const string Prefix = "tq_";
    private const int DisplayLength = 8;

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string DisplayPrefix(string secret) => secret[..Math.Min(secret.Length, Prefix.Length + DisplayLength)];

    // Rejects obviously malformed tokens before they cost a database lookup.
    public static bool LooksValid(string secret) =>
        secret.Length is >= 16 and <= 256 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
