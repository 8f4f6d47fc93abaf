namespace TaskQueue.Messaging;

// Prefetch bounds how many unacked messages the broker hands this consumer; Concurrency
// bounds how many handlers run at once. CoalesceAcks routes the channel's settlements through
// a ChannelAcks, so acks of many deliveries at once can use multiple: true.
public sealed record ConsumerOptions(string Queue, ushort Prefetch = 100, ushort Concurrency = 1, bool CoalesceAcks = false);
