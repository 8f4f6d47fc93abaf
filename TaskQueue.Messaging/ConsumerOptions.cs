namespace TaskQueue.Messaging;

// Prefetch bounds how many unacked messages the broker hands this consumer; Concurrency
// bounds how many handlers run at once.
public sealed record ConsumerOptions(string Queue, ushort Prefetch = 100, ushort Concurrency = 1);
