using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace TaskQueue.Messaging;

// Publishes on one confirm-tracking channel. Callers may publish concurrently: each call
// awaits its own confirm while others are in flight, which is what makes confirms cheap.
public sealed class ConfirmingPublisher(BrokerConnection brokerConnection, ILogger<ConfirmingPublisher> logger)
    : IMessagePublisher, IAsyncDisposable
{
    // RabbitMQ.Client throws rather than waits when too many confirms are outstanding, so
    // in-flight publishes are bounded here.
    private const int MaxInFlight = 1000;

    // RabbitMQ.Client 7.x can lose the confirm of a publish in flight when the broker goes
    // down: the await never completes, even after recovery (rabbitmq-dotnet-client#1928,
    // #1930). Past this, the publish is abandoned and made again on a fresh channel, which
    // at-least-once delivery allows (every consumer is idempotent). A healthy broker confirms
    // in milliseconds; 10 s leaves room for a loaded machine.
    internal static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);

    private static readonly KeyValuePair<string, object?>[] s_fanOut = [new(MessagingTelemetry.FanOutTag, true)];

    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);
    private readonly SemaphoreSlim _channelGate = new(1, 1);
    private IChannel? _channel;

    public async Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken);
        try
        {
            var delay = TimeSpan.FromMilliseconds(100);
            while (true)
            {
                try
                {
                    await PublishOnceAsync(message, cancellationToken);
                    return;
                }
                catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning("Publishing {Type} to {Exchange} failed, retrying in {Delay} ms: {Reason}",
                        message.Type, message.Exchange, delay.TotalMilliseconds, exception.Message);
                    await Task.Delay(delay, cancellationToken);
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
                }
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task PublishOnceAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var channel = await GetChannelAsync(cancellationToken);
        using var activity = StartActivity(message);

        var properties = new BasicProperties
        {
            Persistent = message.Persistent,
            ContentType = "application/json",
            Type = message.Type,
            MessageId = message.MessageId ?? Guid.NewGuid().ToString("N"),
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            Headers = new Dictionary<string, object?>(),
        };
        if (message.Expiration is { } expiration)
        {
            properties.Expiration = ((long)Math.Max(0, expiration.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in message.Headers ?? new Dictionary<string, string>())
        {
            properties.Headers[key] = value;
        }

        MessagingTelemetry.Inject(activity, properties.Headers);
        var mandatory = message.Mandatory && !Topology.IsBroadcast(message.Exchange);
        using var confirmDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        confirmDeadline.CancelAfter(ConfirmTimeout);
        try
        {
            await channel.BasicPublishAsync(message.Exchange, message.RoutingKey, mandatory, properties, message.Body, confirmDeadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await ReplaceChannelAsync(channel);
            throw new ConfirmTimeoutException($"no confirm within {ConfirmTimeout.TotalSeconds:0} s");
        }
    }

    // The channel that lost a confirm is not trusted again: the next publish opens a new one.
    // Other publishes still waiting on it fail and are made again, as after any channel loss.
    private async Task ReplaceChannelAsync(IChannel suspect)
    {
        await _channelGate.WaitAsync();
        try
        {
            if (!ReferenceEquals(_channel, suspect))
            {
                return;
            }

            _channel = null;
        }
        finally
        {
            _channelGate.Release();
        }

        try
        {
            await suspect.CloseAsync().WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception exception)
        {
            logger.LogDebug("Closing the channel that lost a confirm failed: {Reason}", exception.Message);
        }

        _ = suspect.DisposeAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static Activity? StartActivity(OutgoingMessage message)
    {
        if (message.TraceParent is null || !ActivityContext.TryParse(message.TraceParent, null, out var parent))
        {
            return MessagingTelemetry.StartPublish(message.Exchange, message.RoutingKey, message.Type);
        }

        // Published later by the outbox: continue the trace of the request that wrote the row.
        var activity = MessagingTelemetry.ActivitySource.StartActivity(
            $"publish {message.Exchange}", ActivityKind.Producer, parent, s_fanOut);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.message.type", message.Type);
        return activity;
    }

    private async Task<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _channelGate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } reopened)
            {
                return reopened;
            }

            if (_channel is { } closed)
            {
                // A channel closed by a channel-level error is not recovered by the client.
                await closed.DisposeAsync();
            }

            var connection = await brokerConnection.GetAsync(cancellationToken);
            _channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken);
            return _channel;
        }
        finally
        {
            _channelGate.Release();
        }
    }

    // An unroutable message (missing exchange or binding) is a bug, not a hiccup: it is not retried.
    private static bool IsTransient(Exception exception) => exception switch
    {
        PublishException publish => !publish.IsReturn,
        AlreadyClosedException or OperationInterruptedException or IOException or ConfirmTimeoutException => true,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        if (_channel is { } channel)
        {
            await channel.DisposeAsync();
        }

        _inFlight.Dispose();
        _channelGate.Dispose();
    }
}
