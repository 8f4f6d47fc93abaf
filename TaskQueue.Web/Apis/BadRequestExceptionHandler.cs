using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace TaskQueue.Web.Apis;

// A body that is not valid JSON, or has a value of the wrong type, fails in model binding
// before our validation runs. This turns it into the same 400 ProblemDetails, naming the
// field from the JSON path where reading stopped. Other exceptions fall through to the
// default handler, which never shows a stack trace to clients outside Development.
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var field = badRequest.InnerException is JsonException { Path: { Length: > 1 } path } ? path.TrimStart('$', '.') : "body";
        var message = badRequest.InnerException is JsonException ? $"{field} has a value of the wrong type or the JSON is malformed." : badRequest.Message;

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = badRequest.StatusCode,
                Title = "One or more validation errors occurred.",
            },
            Exception = exception,
        });
    }
}
