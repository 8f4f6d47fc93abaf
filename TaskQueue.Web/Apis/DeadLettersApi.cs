using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Apis;

public static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dead-letters").WithTags("Dead letters")
            .RequireAuthorization(AuthorizationPolicies.AdminApiKey).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/", ListDeadLetters).WithName("ListDeadLetters")
            .WithSummary("List dead letters, newest first")
            .WithDescription("Messages the system could never process, with the reason and the original body " +
                "(text, or `base64:` and the bytes when it is not UTF-8). Admins only.");
        api.MapPost("/{id:long}/requeue", RequeueDeadLetter).WithName("RequeueDeadLetter")
            .WithSummary("Run a dead-lettered task again")
            .WithDescription("Runs the message's task again as a new attempt (a dead-lettered task event is published " +
                "again instead) and removes the dead letter. 404 when the dead letter or its task no longer exists; 409, " +
                "with the reason in `detail`, when the message names no task or its task has not ended. Admins only.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{id:long}", DiscardDeadLetter).WithName("DiscardDeadLetter")
            .WithSummary("Discard a dead letter")
            .WithDescription("Removes the dead letter without running anything. Admins only.");
        return app;
    }

    public static async Task<Results<Ok<DeadLetterPageDto>, ValidationProblem>> ListDeadLetters(
        DeadLetterService deadLetters, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        var errors = new InputErrors();
        if (page < 1)
        {
            errors.Add("page", "page must be 1 or more.");
        }

        if (pageSize is < 1 or > 500)
        {
            errors.Add("pageSize", "pageSize must be from 1 to 500.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (items, total) = await deadLetters.ListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(new DeadLetterPageDto(items.Select(DeadLetterDto.From).ToList(), total, page, pageSize));
    }

    public static async Task<Results<Accepted, NotFound, ProblemHttpResult>> RequeueDeadLetter(
        long id, DeadLetterService deadLetters, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await deadLetters.RequeueAsync(TaskAccess.From(user), id, cancellationToken);
        return result.Status switch
        {
            TaskActionStatus.NotFound => TypedResults.NotFound(),
            TaskActionStatus.Conflict => TypedResults.Problem(result.Reason, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
            _ => TypedResults.Accepted((string?)null),
        };
    }

    public static async Task<Results<NoContent, NotFound>> DiscardDeadLetter(long id, DeadLetterService deadLetters, CancellationToken cancellationToken) =>
        await deadLetters.DiscardAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}

public sealed record DeadLetterDto(long Id, string? MessageId, string? Type, string? OriginalQueue, string Reason, Guid? TaskId, string Body, DateTimeOffset DeadLetteredAt)
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DeadLetterDto From(DeadLetter deadLetter) => new(
        deadLetter.Id, deadLetter.MessageId, deadLetter.Type, deadLetter.OriginalQueue, deadLetter.Reason, deadLetter.TaskId,
        Describe(deadLetter.Body), deadLetter.DeadLetteredAt);

    // Text when the body is UTF-8, otherwise base64 so nothing is lost in JSON.
    private static string Describe(byte[] body)
    {
        try
        {
            return s_strictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return "base64:" + Convert.ToBase64String(body);
        }
    }
}

public sealed record DeadLetterPageDto(IReadOnlyList<DeadLetterDto> Items, int Total, int Page, int PageSize);
