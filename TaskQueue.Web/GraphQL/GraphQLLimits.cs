namespace TaskQueue.Web.GraphQL;

// What one GraphQL request may cost, checked before anything runs. The data itself (a batch
// of 1,000 tasks) travels in variables, bounded by Kestrel's body limit as on the REST API,
// so the query text can stay small.
public static class GraphQLLimits
{
    // Characters of the query document. The full introspection query is about 2,000.
    public const int MaxQueryLength = 32 * 1024;

    // Nesting of fields. The standard introspection query, whose TypeRef nests ofType seven
    // deep, fits with room to spare; no task query comes near.
    public const int MaxDepth = 15;

    // Each field costs 1 (a root field 100, DatabaseFieldImpact), times the rows it sits under:
    // a task page's items count pageSize rows, other lists 20, introspection's lists of fields
    // and arguments 1 (its list of types counts the schema's types). A full page of 500 with
    // every field is ~7,100, the standard introspection query ~3,000; two full pages of 500,
    // or 100 aliased stats, are refused.
    public const int MaxComplexity = 10_000;

    public const double ListMultiplier = 20;

    // Every query and mutation field is at least one database round trip, and aliases repeat
    // them cheaply in the text: at 100 each, one request makes at most about 100.
    public const double DatabaseFieldImpact = 100;

    // Nesting the parser accepts at all (literal values included): a runaway document fails
    // fast, well before any stack is in danger.
    public const int MaxParserDepth = 64;

    public const int MaxDeleteIds = Messaging.Tasks.TaskLimits.MaxBatchSize;
}
