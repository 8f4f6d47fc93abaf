using TaskQueue.Messaging;

namespace TaskQueue.Tests.Unit;

// Holds every publish until Confirm, as a broker slow to confirm (or a publisher retrying) does.
public sealed class HeldPublisher : IMessagePublisher
{
    private readonly TaskCompletionSource _confirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<OutgoingMessage> Published { get; } = [];

    public bool FailNext { get; set; }

    public void Confirm() => _confirmed.TrySetResult();

    public async Task WaitForPublishesAsync(int count)
    {
        while (Published.Count < count)
        {
            await Task.Delay(10);
        }
    }

    public async Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        lock (Published)
        {
            Published.Add(message);
        }

        await _confirmed.Task.WaitAsync(cancellationToken);
        if (FailNext)
        {
            FailNext = false;
            throw new InvalidOperationException("unroutable");
        }
    }
}
