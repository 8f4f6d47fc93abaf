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

        var (field, message) = Describe(badRequest);

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

    private static (string Field, string Message) Describe(BadHttpRequestException badRequest) => badRequest.InnerException switch
    {
        // Broken syntax (the reader failed): the body as a whole is at fault.
        JsonException { InnerException: { } reader } when reader.GetType().Name == "JsonReaderException" =>
            ("body", "The body is not valid JSON."),
        JsonException { Path: { Length: > 1 } path } =>
            (path.TrimStart('$', '.'), $"{path.TrimStart('$', '.')} has a value of the wrong type."),
        JsonException => ("body", "The body is not valid JSON."),
        _ => ("body", badRequest.Message),
    };
}
