using System.Text;
using System.Text.Json;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Tests.Unit;

public sealed class TaskOutcomesTests
{
    [Fact]
    public void A_batch_keeps_each_outcome_with_its_type()
    {
        var now = DateTimeOffset.UtcNow;
        var sent = new TaskOutcomes([
            new TaskFinished(Guid.NewGuid(), 1, "w", JsonSerializer.SerializeToElement(42), now, now),
            new TaskCancelled(Guid.NewGuid(), 2, "w", now),
        ]);

        var received = MessageSerializer.Deserialize<TaskOutcomes>(nameof(TaskOutcomes), MessageSerializer.Serialize(sent));

        Assert.IsType<TaskFinished>(received.Outcomes[0]);
        Assert.Equal(42, ((TaskFinished)received.Outcomes[0]).Result.GetInt32());
        Assert.Equal(sent.Outcomes[1], received.Outcomes[1]);
    }

    [Theory]
    [InlineData("""{"type":"TaskTeleported","taskId":"6f1c1b8e-3c51-4f57-9d52-7a6f3f0c2b11","attempt":1,"workerId":"w","occurredAt":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"taskId":"6f1c1b8e-3c51-4f57-9d52-7a6f3f0c2b11","attempt":1,"workerId":"w","occurredAt":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"type":"TaskCancelled","attempt":1,"workerId":"w","occurredAt":"2026-01-01T00:00:00Z"}""")]
    public void A_malformed_item_is_reported_by_its_index(string item)
    {
        var good = """{"type":"TaskCancelled","taskId":"6f1c1b8e-3c51-4f57-9d52-7a6f3f0c2b11","attempt":1,"workerId":"w","occurredAt":"2026-01-01T00:00:00Z"}""";
        var body = Encoding.UTF8.GetBytes($$"""{"outcomes":[{{good}},{{item}}]}""");

        var malformed = Assert.Throws<MalformedMessageException>(() => MessageSerializer.Deserialize(nameof(TaskOutcomes), body));

        Assert.Contains("item 1:", malformed.Message);
    }
}
