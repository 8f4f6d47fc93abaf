namespace TaskQueue.AppHost.Extensions;

public static class HotCodeRecompilation
{
    // Tiered compilation recompiles, optimised, every method called 30 times. In a worker or a
    // sink most such methods are start-up code that runs a few dozen times and never again, yet
    // is compiled twice and kept twice, and a cold system compiles them while it carries its
    // first load. From 1,000 calls (0x3E8: the runtime reads the value as hex) only what runs
    // per task or per batch is recompiled (bench/, README #16: idle worker 78.4 -> 73.6 MB; the
    // sink's cold CPU per task -7 %, idle -5 MB). Not for the web app: its request path would
    // run unoptimised for its first 1,000 requests. A runtime tuning knob, not a documented
    // setting: should a runtime ignore it, the services run as before.
    public static IResourceBuilder<ProjectResource> WithHotCodeOnlyRecompiled(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment("DOTNET_TC_CallCountThreshold", "3E8");
}
