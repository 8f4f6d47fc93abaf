using System.Text.RegularExpressions;

namespace TaskQueue.AppHost.Dashboard;

// The environment view shows what each process was started with, minus its secrets: whole
// values of variables whose names say they are secret, and the password inside URLs such as
// amqp://user:password@host or connection strings with Password=….
public static partial class SecretMasker
{
    public const string Mask = "••••••••";

    private static readonly string[] s_secretNameParts = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "HEADERS"];

    public static string MaskValue(string name, string value)
    {
        if (s_secretNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase)))
        {
            return Mask;
        }

        var masked = UrlPassword().Replace(value, match => $"{match.Groups["prefix"].Value}{Mask}@");
        return PasswordSetting().Replace(masked, match => $"{match.Groups["key"].Value}={Mask}");
    }

    [GeneratedRegex(@"(?<prefix>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?<key>\b(?:password|pwd)\s*)=[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();
}
