using System.Reflection;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace TaskQueue.Tests.Unit;

// A channel that records the acks and requeues sent on it and can be shut down; nothing else
// of IChannel is used by the code under test, so anything else throws.
public class RecordingChannel : DispatchProxy
{
    private AsyncEventHandler<ShutdownEventArgs>? _shutdown;

    public List<string> Sent { get; } = [];

    // The next ack of this tag throws, as a send on a dropping connection does.
    public ulong? FailAckOf { get; set; }

    public IChannel Channel => (IChannel)(object)this;

    public static RecordingChannel Create() => (RecordingChannel)(object)Create<IChannel, RecordingChannel>();

    public Task ShutDownAsync() => _shutdown?.Invoke(this, new ShutdownEventArgs(ShutdownInitiator.Peer, 320, "connection lost")) ?? Task.CompletedTask;

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        switch (method?.Name)
        {
            case nameof(IChannel.BasicAckAsync):
                var tag = (ulong)args![0]!;
                if (FailAckOf == tag)
                {
                    FailAckOf = null;
                    return ValueTask.FromException(new IOException("connection lost"));
                }

                Record((bool)args[1]! ? $"ack ≤{tag}" : $"ack {tag}");
                return ValueTask.CompletedTask;
            case nameof(IChannel.BasicNackAsync):
                Record($"requeue {args![0]}");
                return ValueTask.CompletedTask;
            case "add_ChannelShutdownAsync":
                _shutdown += (AsyncEventHandler<ShutdownEventArgs>)args![0]!;
                return null;
            default:
                throw new NotSupportedException(method?.Name);
        }
    }

    private void Record(string call)
    {
        lock (Sent)
        {
            Sent.Add(call);
        }
    }
}
