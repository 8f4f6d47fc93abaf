using TaskQueue.Web.Apis;
using TaskQueue.Web.Components;
using TaskQueue.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapStaticAssets();
app.MapTasksApi();
app.MapDeadLettersApi();
app.MapWorkersApi();
app.MapOperationsApi();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
