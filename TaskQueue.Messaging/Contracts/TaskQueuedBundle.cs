namespace TaskQueue.Messaging.Contracts;

// Several work orders of one priority, from one request, in one message. The broker's work
// per message is the largest cost per task, and a request's tasks used to pass it one message
// each. A worker runs the tasks as if they had come one by one and acks the bundle once every
// task's outcome is confirmed; a bundle delivered again (its worker died) is split into single
// orders first, so a task that kills workers is quarantined alone (TaskBundleRunner).
public sealed record TaskQueuedBundle(IReadOnlyList<TaskQueued> Tasks)
{
    // The body from the orders' own serialised bodies, without reading them again.
    public static byte[] Compose(IReadOnlyList<ReadOnlyMemory<byte>> taskBodies)
    {
        ReadOnlySpan<byte> head = "{\"tasks\":["u8, tail = "]}"u8;
        var body = new byte[head.Length + taskBodies.Sum(task => task.Length) + Math.Max(0, taskBodies.Count - 1) + tail.Length];
        head.CopyTo(body);
        var at = head.Length;
        for (var i = 0; i < taskBodies.Count; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            taskBodies[i].Span.CopyTo(body.AsSpan(at));
            at += taskBodies[i].Length;
        }

        tail.CopyTo(body.AsSpan(at));
        return body;
    }
}
