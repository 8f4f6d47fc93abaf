namespace TaskQueue.Messaging.Tasks;

public sealed record FibonacciInput(int? N = null)
{
    public void Validate(InputErrors errors, string prefix)
    {
        if (N is null)
        {
            errors.Add($"{prefix}.n", "n is required.");
        }
        else if (N is < 0 or > TaskLimits.MaxFibonacciN)
        {
            errors.Add($"{prefix}.n", $"n must be a whole number from 0 to {TaskLimits.MaxFibonacciN}.");
        }
    }
}
