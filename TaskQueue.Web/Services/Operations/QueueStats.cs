namespace TaskQueue.Web.Services.Operations;

// One queue as the broker's management API reports it. Rates are messages per second,
// averaged by the broker over its last sampling interval (5 s by default).
public sealed record QueueStats(
    string Name,
    long Messages,
    long Ready,
    long Unacknowledged,
    int Consumers,
    double PublishRate,
    double DeliverRate,
    double AckRate);
