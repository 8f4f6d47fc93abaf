using System.Globalization;
using System.Numerics;
using System.Text.Json;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Handlers;

// Exact F(n) for any n up to the limit, as a decimal string (a JSON number would lose digits).
public sealed class FibonacciHandler : ITaskHandler
{
    public string Type => TaskTypes.Fibonacci;

    public Task<JsonElement> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = TaskInput.Parse<FibonacciInput>(Type, context.Input);
        var value = Compute(input.N!.Value, cancellationToken);
        return Task.FromResult(TaskInput.ToJson(value.ToString(CultureInfo.InvariantCulture)));
    }

    // Fast doubling: F(2k) = F(k)(2F(k+1) − F(k)), F(2k+1) = F(k)² + F(k+1)²; O(log n) steps.
    public static BigInteger Compute(int n, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        BigInteger a = 0, b = 1;
        for (var bit = 31 - BitOperations.LeadingZeroCount((uint)Math.Max(n, 1)); bit >= 0; bit--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var c = a * ((b << 1) - a);
            var d = a * a + b * b;
            (a, b) = ((n >> bit & 1) == 0) ? (c, d) : (d, c + d);
        }

        return a;
    }
}
