namespace TaskQueue.Web.Security;

public static class Roles
{
    // Sees and acts on every task, manages users, watches operations.
    public const string Admin = "admin";
}
