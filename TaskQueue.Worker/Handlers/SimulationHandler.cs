using System.Text.Json;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Handlers;

// The first original's long-running task: geometric Brownian motion dS = μS dt + σS dW,
// integrated by Euler–Maruyama over one unit of time, paced to take `seconds` of wall time
// and reporting progress as it goes.
public sealed class SimulationHandler(TimeProvider timeProvider) : ITaskHandler
{
    private const int ProgressReports = 50;

    public string Type => TaskTypes.Simulation;

    public async Task<JsonElement> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = TaskInput.Parse<SimulationInput>(Type, context.Input);
        var random = input.Seed is { } seed ? new Random(seed) : new Random();
        var dt = 1.0 / input.Steps;
        var sqrtDt = Math.Sqrt(dt);
        var value = input.InitialValue;
        double min = value, max = value, sum = 0;

        var chunk = Math.Max(1, input.Steps / ProgressReports);
        var pause = TimeSpan.FromSeconds(input.Seconds * chunk / input.Steps);
        for (var step = 1; step <= input.Steps; step++)
        {
            value += input.Drift * value * dt + input.Volatility * value * sqrtDt * NextGaussian(random);
            min = Math.Min(min, value);
            max = Math.Max(max, value);
            sum += value;

            if (step % chunk == 0 || step == input.Steps)
            {
                context.Progress.Report((double)step / input.Steps);
                if (pause > TimeSpan.Zero && step < input.Steps)
                {
                    await Task.Delay(pause, timeProvider, cancellationToken);
                }
            }
        }

        if (!double.IsFinite(value))
        {
            throw new TaskFailedException("The simulation diverged (the value is not a finite number).", permanent: true);
        }

        return TaskInput.ToJson(new { value, min, max, mean = sum / input.Steps, steps = input.Steps });
    }

    // Box–Muller: a standard normal sample from two uniform ones.
    private static double NextGaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
