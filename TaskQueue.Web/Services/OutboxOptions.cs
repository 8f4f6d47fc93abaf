namespace TaskQueue.Web.Services;

public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    // The most tasks one published message carries (OutboxBundles). Fewer messages a request
    // is less work per task for the broker and every service: at half of the maximum load
    // (~60-task requests) the p50 accept→Running was lower with 32 than with 8 in 4 of 6
    // alternated pairs (bench/, 2026-12-03; README). A bundle goes to one worker, which hands
    // back what cannot start within Worker:BundleWaitLimitSeconds. 1 sends every task alone.
    public int TasksPerMessage { get; set; } = 32;
}
