using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Data;

// Users, roles and API keys live in the same database as the tasks they own: one file to
// back up, and ownership checks are plain joins. So do the web app's Data Protection keys,
// which every web replica must share (see SharedDataProtection).
public sealed class TasksDbContext(DbContextOptions<TasksDbContext> options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<TaskItem> Tasks => Set<TaskItem>();
    public DbSet<TaskAttempt> Attempts => Set<TaskAttempt>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<Workflow> Workflows => Set<Workflow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: UTC ticks as integers sort and compare correctly, which
        // text with offsets would not.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<TaskItemStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AttemptOutcome>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TaskPriority>().HaveConversion<string>().HaveMaxLength(8);
        configurationBuilder.Properties<MissedRunPolicy>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<WorkflowKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<WorkflowStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<TaskItem>(task =>
        {
            task.ToTable("Tasks");
            task.Property(t => t.Name).HasMaxLength(200);
            task.Property(t => t.Type).HasMaxLength(32);
            task.Property(t => t.WorkerId).HasMaxLength(128);
            task.Property(t => t.OwnerId).HasMaxLength(64);
            task.Property(t => t.TraceId).HasMaxLength(32);
            task.HasIndex(t => t.CreatedAt);
            task.HasIndex(t => new { t.Status, t.CreatedAt });
            task.HasIndex(t => new { t.Type, t.CreatedAt });
            task.HasIndex(t => new { t.OwnerId, t.CreatedAt });
            // Indexes that only some tasks need are partial (the same SQL in SQLite and PostgreSQL):
            // every index is written on each insert and each status change, and these left most
            // tasks out of nothing. The queries they serve name the column, which implies the filter.
            // Throughput and latency over the last minutes read only this range of the index.
            task.HasIndex(t => new { t.FinishedAt, t.Status }).HasFilter("\"FinishedAt\" IS NOT NULL");
            // The scheduler's question, several times a second: which Scheduled task is due next
            // (its queries say Status = 'Scheduled' as a literal, so the planner can use this).
            task.HasIndex(t => new { t.Status, t.RunAt }, "IX_Tasks_DueScheduled").HasFilter("\"Status\" = 'Scheduled'");
            task.HasIndex(t => t.BatchId).HasFilter("\"BatchId\" IS NOT NULL");
            // No foreign key: runs outlive a deleted schedule and keep its id as a record.
            task.HasIndex(t => new { t.ScheduleId, t.OccurrenceAt }).IsUnique().HasFilter("\"ScheduleId\" IS NOT NULL");
            task.HasIndex(t => t.WorkflowId).HasFilter("\"WorkflowId\" IS NOT NULL");
            task.HasMany(t => t.Attempts).WithOne().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Schedule>(schedule =>
        {
            schedule.ToTable("Schedules");
            schedule.Property(s => s.Name).HasMaxLength(200);
            schedule.Property(s => s.Cron).HasMaxLength(100);
            schedule.Property(s => s.TimeZone).HasMaxLength(64);
            schedule.Property(s => s.TaskType).HasMaxLength(32);
            schedule.Property(s => s.TaskName).HasMaxLength(200);
            schedule.Property(s => s.OwnerId).HasMaxLength(64);
            // The firer's question, several times a second: which schedule is due next.
            schedule.HasIndex(s => s.NextRunAt);
            schedule.HasIndex(s => new { s.OwnerId, s.CreatedAt });
        });

        modelBuilder.Entity<TaskAttempt>(attempt =>
        {
            attempt.ToTable("TaskAttempts");
            attempt.Property(a => a.WorkerId).HasMaxLength(128);
            attempt.HasIndex(a => new { a.TaskId, a.Attempt });
        });

        modelBuilder.Entity<DeadLetter>(deadLetter =>
        {
            deadLetter.ToTable("DeadLetters");
            deadLetter.Property(d => d.MessageId).HasMaxLength(64);
            deadLetter.Property(d => d.Type).HasMaxLength(64);
            deadLetter.Property(d => d.OriginalQueue).HasMaxLength(128);
            deadLetter.HasIndex(d => d.DeadLetteredAt);
        });

        modelBuilder.Entity<ApiKey>(key =>
        {
            key.ToTable("ApiKeys");
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.HasIndex(k => k.Hash).IsUnique();
            key.HasIndex(k => k.UserId);
            key.HasOne<IdentityUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Workflow>(workflow =>
        {
            workflow.ToTable("Workflows");
            workflow.Property(w => w.Name).HasMaxLength(200);
            workflow.Property(w => w.OwnerId).HasMaxLength(64);
            // The advancer's question: which workflows are still running.
            workflow.HasIndex(w => new { w.Status, w.CreatedAt });
            workflow.HasIndex(w => new { w.OwnerId, w.CreatedAt });
        });

        modelBuilder.Entity<OutboxMessage>(message =>
        {
            message.ToTable("Outbox");
            message.Property(m => m.Exchange).HasMaxLength(128);
            message.Property(m => m.RoutingKey).HasMaxLength(128);
            message.Property(m => m.Type).HasMaxLength(64);
            message.Property(m => m.MessageId).HasMaxLength(64);
        });
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
