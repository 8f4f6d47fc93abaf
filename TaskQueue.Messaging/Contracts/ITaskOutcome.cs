using System.Text.Json.Serialization;

namespace TaskQueue.Messaging.Contracts;

// How one attempt ended. Outcomes travel in batches (TaskOutcomes), each item tagged with its
// contract's name, so the sink knows what it holds before reading the fields.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TaskFinished), nameof(TaskFinished))]
[JsonDerivedType(typeof(TaskFailed), nameof(TaskFailed))]
[JsonDerivedType(typeof(TaskCancelled), nameof(TaskCancelled))]
public interface ITaskOutcome : ITaskEvent;
