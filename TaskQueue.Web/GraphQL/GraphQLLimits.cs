namespace TaskQueue.Web.GraphQL;

// What one GraphQL request may cost, checked before anything runs. The data itself (a batch
// of 1,000 tasks) travels in variables, bounded by Kestrel's body limit as on the REST API,
// so the query text can stay small.
public static class GraphQLLimits
{
    // Characters of the query document. The full introspection query is about 2,000.
    public const int MaxQueryLength = 32 * 1024;

    // Nesting of fields. The standard introspection query reaches 13 (TypeRef's ofType chain).
    public const int MaxDepth = 15;

    // Each field costs 1; a list multiplies what is selected under it by 20 (introspection's
    // lists by 1, as it reads the small, fixed schema). A task page with every field is ~300.
    public const int MaxComplexity = 2_000;

    public const double ListMultiplier = 20;

    // Nesting the parser accepts at all (literal values included): a runaway document fails
    // fast, well before any stack is in danger.
    public const int MaxParserDepth = 64;

    public const int MaxDeleteIds = Messaging.Tasks.TaskLimits.MaxBatchSize;
}
