using TaskQueue.Web.Apis;
using TaskQueue.Web.Components;
using TaskQueue.Web.Extensions;
using TaskQueue.Web.GraphQL;
using TaskQueue.Web.OpenApi;
using TaskQueue.Web.Security;

var builder = WebApplication.CreateBuilder(args);

BuildTimeDocument.UsePlaceholderConnections(builder);
builder.AddServiceDefaults();
builder.AddApplicationServices();
BuildTimeDocument.RemoveBackgroundServices(builder);

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapStaticAssets().AllowAnonymous();
app.MapAccountEndpoints();

// Every API call answers 401 (problem+json, with a bearer challenge) without a valid key.
var api = app.MapGroup("").RequireAuthorization(AuthorizationPolicies.ApiKey)
    .ProducesProblem(StatusCodes.Status401Unauthorized);
api.MapTasksApi();
api.MapBatchesApi();
api.MapSchedulesApi();
api.MapWorkflowsApi();
api.MapDeadLettersApi();
api.MapWorkersApi();
api.MapOperationsApi();
api.MapGraphQL();

// SecurityHeaders already forbids all framing; Blazor's own frame-ancestors 'self' would
// be a second, weaker policy.
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);

app.Run();
