using System.Security.Cryptography;

namespace TaskQueue.AppHost.Extensions;

// The web app's admin account: the password rules mirror the web app's Identity options (at
// least 12 characters with upper case, lower case and a digit), checked here so a bad
// --admin-password is one line at start, not a web app that fails later.
internal static class AdminCredentials
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string GeneratePassword()
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString(Alphabet, 20);
            if (ValidatePassword(password) is null)
            {
                return password;
            }
        }
    }

    // API keys the web app issues look the same: tq_ and 43 random characters.
    // Shown on the web app's sign-in page of a fresh install: where the password is, never what.
    public static string PasswordHint(string dataDir) =>
        $"was printed by the AppHost when it generated it, and is kept in {Path.Combine(dataDir, "parameters.json")} (admin-password), unless you chose one with --admin-password.";

    public static string GenerateApiKey() => "tq_" + RandomNumberGenerator.GetString(Alphabet, 43);

    public static string? ValidatePassword(string password) =>
        password.Length >= 12 && password.Any(char.IsAsciiLetterUpper) && password.Any(char.IsAsciiLetterLower) && password.Any(char.IsAsciiDigit)
            ? null
            : "must be at least 12 characters with an upper-case letter, a lower-case letter and a digit.";

    public static string? ValidateApiKey(string key) =>
        key.Length is >= 16 and <= 256 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? null
            : "must be 16 to 256 characters of letters, digits, '-' or '_'.";
}
