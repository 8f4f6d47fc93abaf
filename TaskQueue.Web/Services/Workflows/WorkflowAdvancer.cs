using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services.Workflows;

// Moves running workflows on: releases a chain's next step or a chord's callback once what it
// waits for finished, and records how each workflow ended. Every web replica runs this loop;
// WorkflowTransitions lets exactly one of them act on each change. The state lives only in
// the database (Pending steps have no outbox row yet), so a restart of any process loses
// nothing: the next pass picks up where the last one stopped.
public sealed class WorkflowAdvancer(
    IDbContextFactory<TasksDbContext> contextFactory,
    WorkflowTransitions transitions,
    WorkflowSignal signal,
    TaskChangeNotifier notifier,
    ILogger<WorkflowAdvancer> logger) : BackgroundService
{
    private const int BatchSize = 100;

    // Woken by every change this replica hears to a workflow's steps (or to tasks that may be
    // steps); the poll covers a missed announcement.
    private static readonly TimeSpan s_maxSleep = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        notifier.WorkflowStepsChanged += signal.Notify;
        try
        {
            var backoff = TimeSpan.Zero;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await AdvanceAsync(stoppingToken) == 0)
                    {
                        await signal.WaitAsync(s_maxSleep, stoppingToken);
                    }

                    backoff = TimeSpan.Zero;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    backoff = TimeSpan.FromMilliseconds(Math.Clamp(backoff.TotalMilliseconds * 2, 100, 5000));
                    logger.LogWarning(exception, "Advancing workflows failed; retrying in {Delay} ms", backoff.TotalMilliseconds);
                    await Task.Delay(backoff, stoppingToken);
                }
            }
        }
        finally
        {
            notifier.WorkflowStepsChanged -= signal.Notify;
        }
    }

    // One pass over the running workflows that have a step which ended (or was deleted):
    // returns how many it moved on. Reading first keeps an idle pass to indexed reads, clear of
    // SQLite's write gate.
    public async Task<int> AdvanceAsync(CancellationToken cancellationToken)
    {
        List<Workflow> workflows;
        List<TaskItem> steps;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            workflows = await db.Workflows.AsNoTracking()
                .Where(workflow => workflow.Status == WorkflowStatus.Running
                    && (db.Tasks.Any(task => task.WorkflowId == workflow.Id
                            && (task.Status == TaskItemStatus.Finished || task.Status == TaskItemStatus.Failed || task.Status == TaskItemStatus.Cancelled))
                        || db.Tasks.Count(task => task.WorkflowId == workflow.Id) < workflow.StepCount))
                .OrderBy(workflow => workflow.CreatedAt).Take(BatchSize).ToListAsync(cancellationToken);
            if (workflows.Count == 0)
            {
                return 0;
            }

            var ids = workflows.Select(workflow => (Guid?)workflow.Id).ToList();
            steps = await db.Tasks.AsNoTracking().Where(task => ids.Contains(task.WorkflowId)).ToListAsync(cancellationToken);
        }

        var stepsOf = steps.ToLookup(step => step.WorkflowId!.Value);
        var moved = 0;
        foreach (var workflow in workflows)
        {
            var acted = WorkflowProgress.Decide(workflow, stepsOf[workflow.Id].ToList()) switch
            {
                WorkflowDecision.Release release => await transitions.ReleaseAsync(workflow.Id, release.Step, release.Context, cancellationToken),
                WorkflowDecision.End end => await transitions.EndAsync(workflow.Id, end.Status, end.Result, end.Error, stopActive: false, cancellationToken),
                _ => false,
            };
            moved += acted ? 1 : 0;
        }

        return moved;
    }
}
