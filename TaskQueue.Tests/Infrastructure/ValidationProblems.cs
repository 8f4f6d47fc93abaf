using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskQueue.Tests.Infrastructure;

// What every rejected request must be: a 400 problem+json whose errors name the field.
public static class ValidationProblems
{
    public static async Task<JsonElement> AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"Expected an error for {field}: {errors}");
        return messages;
    }
}
