using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace TaskQueue.Data;

// Builds EF Core's model of the database while the service starts, before it reports healthy.
// EF builds it on a context's first use, and a service whose first use comes with its first
// load (the sink: its first batch of outcomes) would otherwise build it then: a cold system's
// first tasks waited while the sink ran EF's conventions and JIT-compiled ~5,700 methods for
// them (bench/, README #16). The model is cached for the process, so later contexts reuse it.
public sealed class DatabaseModelWarmup(IDbContextFactory<TasksDbContext> contextFactory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        _ = db.Model;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
