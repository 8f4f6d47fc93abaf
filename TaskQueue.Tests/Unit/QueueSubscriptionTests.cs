using System.Reflection;
using RabbitMQ.Client;
using TaskQueue.Messaging;

namespace TaskQueue.Tests.Unit;

public sealed class QueueSubscriptionTests
{
    // Seen when the AppHost stopped the web app while the broker was stopping too: the listener's
    // dispose threw, and the web app's host stopped with a critical error instead of quietly.
    [Fact]
    public async Task Disposing_while_the_connection_goes_away_does_not_throw_and_still_disposes_the_channel()
    {
        var channel = ClosingChannel.Create(new ObjectDisposedException("CancellationTokenSource"));
        var subscription = new QueueSubscription(channel.Channel, "ctag", "queue");

        await subscription.DisposeAsync();

        Assert.Equal(["close", "dispose"], channel.Calls);
    }

    [Fact]
    public async Task An_unexpected_failure_to_close_is_not_hidden()
    {
        var channel = ClosingChannel.Create(new InvalidOperationException("a bug of ours"));
        var subscription = new QueueSubscription(channel.Channel, "ctag", "queue");

        await Assert.ThrowsAsync<InvalidOperationException>(() => subscription.DisposeAsync().AsTask());
    }

    public class ClosingChannel : DispatchProxy
    {
        private Exception? _closeFailure;

        public List<string> Calls { get; } = [];

        public IChannel Channel => (IChannel)(object)this;

        public static ClosingChannel Create(Exception closeFailure)
        {
            var channel = (ClosingChannel)(object)Create<IChannel, ClosingChannel>();
            channel._closeFailure = closeFailure;
            return channel;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            switch (method?.Name)
            {
                case "get_IsOpen":
                    return true;
                case nameof(IChannel.CloseAsync):
                    Calls.Add("close");
                    return Task.FromException(_closeFailure!);
                case nameof(IAsyncDisposable.DisposeAsync):
                    Calls.Add("dispose");
                    return ValueTask.CompletedTask;
                default:
                    throw new NotSupportedException(method?.Name);
            }
        }
    }
}
