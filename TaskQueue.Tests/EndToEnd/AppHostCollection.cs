namespace TaskQueue.Tests.EndToEnd;

// AppHost tests each start a broker of their own; running them one at a time keeps a 2-core
// machine from timing out their start-up.
[CollectionDefinition(Name)]
public sealed class AppHostCollection
{
    public const string Name = "apphost";
}
