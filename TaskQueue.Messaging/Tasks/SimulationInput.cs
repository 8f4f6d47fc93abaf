namespace TaskQueue.Messaging.Tasks;

// Geometric Brownian motion dS = μS dt + σS dW over one unit of time, in Steps Euler–Maruyama
// steps spread across Seconds of wall time (the original's long-running demo task).
public sealed record SimulationInput(
    double Drift = SimulationInput.DefaultDrift,
    double Volatility = SimulationInput.DefaultVolatility,
    int Steps = SimulationInput.DefaultSteps,
    double Seconds = SimulationInput.DefaultSeconds,
    double InitialValue = SimulationInput.DefaultInitialValue,
    int? Seed = null)
{
    public const double DefaultDrift = 0.05;
    public const double DefaultVolatility = 0.2;
    public const int DefaultSteps = 1000;
    public const double DefaultSeconds = 10;
    public const double DefaultInitialValue = 100;

    public void Validate(InputErrors errors, string prefix)
    {
        if (!double.IsFinite(Drift) || Drift is < -10 or > 10)
        {
            errors.Add($"{prefix}.drift", "drift must be a number from -10 to 10.");
        }

        if (!double.IsFinite(Volatility) || Volatility is < 0 or > 10)
        {
            errors.Add($"{prefix}.volatility", "volatility must be a number from 0 to 10.");
        }

        if (Steps is < 1 or > TaskLimits.MaxSimulationSteps)
        {
            errors.Add($"{prefix}.steps", $"steps must be a whole number from 1 to {TaskLimits.MaxSimulationSteps}.");
        }

        if (!double.IsFinite(Seconds) || Seconds is < 0 or > TaskLimits.MaxSimulationSeconds)
        {
            errors.Add($"{prefix}.seconds", $"seconds must be a number from 0 to {TaskLimits.MaxSimulationSeconds}.");
        }

        if (!double.IsFinite(InitialValue) || InitialValue is <= 0 or > 1e12)
        {
            errors.Add($"{prefix}.initialValue", "initialValue must be a positive number up to 1e12.");
        }
    }
}
