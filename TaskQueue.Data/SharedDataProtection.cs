using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace TaskQueue.Data;

// The web app's Data Protection keys (they sign and encrypt the auth cookie, antiforgery tokens
// and the component state a prerendered page hands to its circuit) kept in the tasks database,
// so every web replica, on any machine, reads and writes one key ring: a page served by one
// replica is accepted by another. The application name makes the replicas one application to
// Data Protection whatever folder each runs from.
public static class SharedDataProtection
{
    public const string ApplicationName = "TaskQueue";

    public static IDataProtectionBuilder AddSharedDataProtection(this IServiceCollection services) =>
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<TasksDbContext>();

    // Run once by the migration service, before any web replica starts: replicas that found no
    // usable key at the same moment would each make one, active at once, and until their next
    // refresh of the ring (up to 24 h) each would reject what the other protected. Data
    // Protection makes later keys ahead of their activation, so every replica has read a
    // successor before it is used.
    public static bool EnsureKey(IKeyManager keys, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && key.ExpirationDate > now))
        {
            return false;
        }

        keys.CreateNewKey(now, now.AddDays(90));
        return true;
    }
}
