using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation.Complexity;
using GraphQLParser.AST;

namespace TaskQueue.Web.GraphQL;

public static class GraphQLExtensions
{
    public static IServiceCollection AddTaskQueueGraphQL(this IServiceCollection services)
    {
        // Registered before AddGraphQL, whose defaults only fill what is missing.
        services.AddSingleton<IDocumentBuilder>(new GraphQLDocumentBuilder { MaxDepth = GraphQLLimits.MaxParserDepth });

        services.AddGraphQL(graphql => graphql
            .AddSelfActivatingSchema<TaskQueueSchema>()
            .AddSystemTextJson()
            // Messages and codes only: never a stack trace or an exception's text.
            .AddErrorInfoProvider(options => options.ExposeExceptionDetails = false)
            .AddComplexityAnalyzer(options =>
            {
                options.MaxDepth = GraphQLLimits.MaxDepth;
                options.MaxComplexity = GraphQLLimits.MaxComplexity;
                options.DefaultListImpactMultiplier = GraphQLLimits.ListMultiplier;
                var byDefault = options.DefaultComplexityImpactDelegate;
                options.DefaultComplexityImpactDelegate = context => IsIntrospection(context) ? new FieldComplexityResult(1, 1) : byDefault(context);
            })
            // Resolvers share the request's TaskService and so its DbContext, which allows one
            // operation at a time: query fields run one after another, as mutations always do.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query));
        return services;
    }

    // The schema's own types are few and fixed: listing them is cheap, unlike listing tasks.
    private static bool IsIntrospection(FieldImpactContext context) =>
        context.FieldDefinition.Name.StartsWith("__", StringComparison.Ordinal)
        || context.ParentType.Name.StartsWith("__", StringComparison.Ordinal);
}
