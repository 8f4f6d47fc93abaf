using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Security;

public sealed record ApiKeyOwner(string UserId, string UserName, IReadOnlyList<string> Roles);

public sealed record CreatedApiKey(ApiKey Key, string Secret);

// Creates, lists, revokes and resolves API keys. The secret leaves this class exactly once,
// in the CreatedApiKey returned at creation.
public sealed class ApiKeyService(TasksDbContext db, ITaskStore store, TimeProvider timeProvider)
{
    public const int MaxNameLength = 100;

    // Writing "last used" on every request would make each API call a database write.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<ApiKeyOwner?> FindOwnerAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecret.Hash(secret);
        var now = timeProvider.GetUtcNow();
        var found = await ApiKeyLookup.FindByHashAsync(db, hash, cancellationToken);

        // A locked-out (disabled) user's keys stop working with their password.
        if (found is null || found.LockoutEnd > now)
        {
            return null;
        }

        if (found.LastUsedAt is not { } lastUsed || now - lastUsed > LastUsedResolution)
        {
            using (await store.EnterWriteAsync(cancellationToken))
            {
                await db.ApiKeys.Where(key => key.Id == found.Id)
                    .ExecuteUpdateAsync(update => update.SetProperty(key => key.LastUsedAt, now), cancellationToken);
            }
        }

        return new ApiKeyOwner(found.UserId, found.UserName ?? found.UserId, found.Roles.OfType<string>().ToList());
    }

    public async Task<CreatedApiKey> CreateAsync(string userId, string name, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecret.Generate();
        var key = await AddAsync(userId, name, secret, cancellationToken);
        return new CreatedApiKey(key, secret);
    }

    // For the AppHost's --admin-key: the given secret becomes the admin's key named after it,
    // replacing the one a previous run set, so changing the option rotates the key.
    public async Task EnsureKeyAsync(string userId, string name, string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecret.Hash(secret);
        if (await db.ApiKeys.AnyAsync(key => key.Hash == hash && key.UserId == userId && key.RevokedAt == null, cancellationToken))
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await db.ApiKeys.Where(key => key.UserId == userId && key.Name == name && key.RevokedAt == null)
                .ExecuteUpdateAsync(update => update.SetProperty(key => key.RevokedAt, now), cancellationToken);
            await db.ApiKeys.Where(key => key.Hash == hash).ExecuteDeleteAsync(cancellationToken);
        }

        await AddAsync(userId, name, secret, cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string userId, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking()
            .Where(key => key.UserId == userId)
            .OrderBy(key => key.RevokedAt != null)
            .ThenByDescending(key => key.CreatedAt)
            .ToListAsync(cancellationToken);

    // Only the key's owner revokes it; false when there is no such key of theirs.
    public async Task<bool> RevokeAsync(string userId, Guid id, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        using (await store.EnterWriteAsync(cancellationToken))
        {
            return await db.ApiKeys.Where(key => key.Id == id && key.UserId == userId)
                .ExecuteUpdateAsync(update => update.SetProperty(key => key.RevokedAt, key => key.RevokedAt ?? now), cancellationToken) > 0;
        }
    }

    private async Task<ApiKey> AddAsync(string userId, string name, string secret, CancellationToken cancellationToken)
    {
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = name.Trim(),
            Prefix = ApiKeySecret.DisplayPrefix(secret),
            Hash = ApiKeySecret.Hash(secret),
            CreatedAt = timeProvider.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return key;
    }
}
