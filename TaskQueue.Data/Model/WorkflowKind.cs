namespace TaskQueue.Data.Model;

// Stored as these names; the REST API spells them in lower case ("chain", "group", "chord").
public enum WorkflowKind
{
    Chain,
    Group,
    Chord,
}
