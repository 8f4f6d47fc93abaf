namespace TaskQueue.Web.Security;

// The "Admin" section, set by the AppHost from its admin-password and admin-key parameters.
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public string UserName { get; set; } = "admin";
    public string? Password { get; set; }
    public string? ApiKey { get; set; }

    // Where the admin password can be found (never the password): shown on the sign-in page
    // until the admin has signed in once.
    public string? PasswordHint { get; set; }
}
