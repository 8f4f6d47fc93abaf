using GraphQL.Types;
using TaskQueue.Web.Apis;

namespace TaskQueue.Web.GraphQL.Types;

// A task as the REST API shows it (TaskDto): the same values, the same status names.
public sealed class TaskType : ObjectGraphType<TaskDto>
{
    public TaskType()
    {
        Name = "Task";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(context => context.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(context => context.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("type").Resolve(context => context.Source.Type);
        // A string, not a GraphQL enum: the REST API's names (Queued, Finished, ...) unchanged.
        Field<NonNullGraphType<StringGraphType>>("status")
            .Description("Scheduled, Pending (a workflow step waiting for earlier steps), Queued, Running, Retrying, Cancelling, Finished, Failed or Cancelled (the last three are terminal).")
            .Resolve(context => context.Source.Status.ToString());
        Field<NonNullGraphType<JsonGraphType>>("input").Resolve(context => context.Source.Input);
        Field<JsonGraphType>("result").Resolve(context => context.Source.Result);
        Field<StringGraphType>("error").Resolve(context => context.Source.Error);
        Field<NonNullGraphType<FloatGraphType>>("progress").Resolve(context => context.Source.Progress);
        Field<NonNullGraphType<IntGraphType>>("attempt").Resolve(context => context.Source.Attempt);
        Field<NonNullGraphType<IntGraphType>>("maxAttempts").Resolve(context => context.Source.MaxAttempts);
        Field<NonNullGraphType<StringGraphType>>("priority").Description("high, normal or low.")
            .Resolve(context => context.Source.Priority);
        Field<StringGraphType>("workerId").Resolve(context => context.Source.WorkerId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(context => context.Source.CreatedAt);
        Field<DateTimeOffsetGraphType>("startedAt").Resolve(context => context.Source.StartedAt);
        Field<DateTimeOffsetGraphType>("finishedAt").Resolve(context => context.Source.FinishedAt);
        Field<DateTimeOffsetGraphType>("runAt").Description("When a delayed task was asked to run; null for one queued at once.")
            .Resolve(context => context.Source.RunAt);
        Field<IdGraphType>("batchId").Description("The batch the task was created in (createTasks); null for a task created on its own.")
            .Resolve(context => context.Source.BatchId);
        Field<IdGraphType>("scheduleId").Description("The recurring schedule that created the task; null otherwise.")
            .Resolve(context => context.Source.ScheduleId);
        Field<DateTimeOffsetGraphType>("occurrenceAt").Description("The schedule's occurrence the task is the run of; null when triggered by hand.")
            .Resolve(context => context.Source.OccurrenceAt);
    }
}
