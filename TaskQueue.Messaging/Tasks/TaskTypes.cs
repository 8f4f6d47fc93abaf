namespace TaskQueue.Messaging.Tasks;

public static class TaskTypes
{
    public const string Script = "script";
    public const string Fibonacci = "fibonacci";
    public const string Simulation = "simulation";
    public const string Echo = "echo";

    public static readonly IReadOnlyList<string> All = [Script, Fibonacci, Simulation, Echo];

    // Long enough for the work each type is meant for, short enough that a runaway is caught.
    public static int DefaultTimeoutSeconds(string type, SimulationInput? simulation = null) => type switch
    {
        Script => 10,
        Fibonacci => 30,
        Simulation => (int)Math.Ceiling((simulation?.Seconds ?? SimulationInput.DefaultSeconds) * 2) + 30,
        _ => 10,
    };
}
