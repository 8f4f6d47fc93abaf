namespace TaskQueue.AppHost.Hosting;

// Aspire's AddParameter: a value from configuration (Parameters:{name}, so the command-line
// switch, Parameters__{name} in the environment or appsettings), or a generated secret kept
// in the data dir. Resolved when the AppHost starts, before any service needs it.
public sealed class ParameterResource(string name, string? value, bool secret, bool generated)
{
    public string Name { get; } = name;
    public string? Value { get; } = value;
    public bool Secret { get; } = secret;

    // True on the run that generated the value: the only time the AppHost prints it.
    public bool Generated { get; } = generated;
}
