namespace TaskQueue.Tests.EndToEnd;

// AppHost tests each start a whole system of their own (a 3-node broker cluster and PostgreSQL
// in one of them); they run alone, after the collections that run two at a time, so a 2-core
// machine does not time out their start-up.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostCollection
{
    public const string Name = "apphost";
}
