namespace TaskQueue.Messaging;

// A publish whose confirm did not arrive in time (see ConfirmingPublisher.ConfirmTimeout); the
// publisher makes it again.
public sealed class ConfirmTimeoutException(string message) : Exception(message);
