namespace TaskQueue.Messaging;

// A message that can never be processed, whatever the retry: it belongs in the dead-letter queue.
public sealed class MalformedMessageException(string reason) : Exception(reason);
