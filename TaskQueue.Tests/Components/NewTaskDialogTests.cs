using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TaskQueue.Web.Components.Tasks;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Services;

namespace TaskQueue.Tests.Components;

public sealed class NewTaskDialogTests : MudTestContext
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await dialogs.ShowAsync<NewTaskDialog>("New task"));
        return (provider, dialog!);
    }

    private static bool CreateDisabled(IRenderedComponent<MudDialogProvider> provider) =>
        provider.Find("[data-testid=new-task-create]").HasAttribute("disabled");

    [Fact]
    public async Task Opens_on_the_script_type_with_an_example_and_create_enabled()
    {
        var (provider, _) = await OpenAsync();

        Assert.NotNull(provider.Find("[data-testid=new-task-code]"));
        Assert.False(CreateDisabled(provider));
    }

    [Fact]
    public async Task Create_is_disabled_while_n_is_out_of_range_and_the_error_says_why()
    {
        var (provider, _) = await OpenAsync();
        provider.Find("[data-testid=new-task-type-fibonacci]").Click();

        provider.Find("#new-task-n").Input("100001");

        Assert.True(CreateDisabled(provider));
        Assert.Contains("n must be a whole number from 0 to 100000.", provider.Markup);

        provider.Find("#new-task-n").Input("42");

        Assert.False(CreateDisabled(provider));
        Assert.DoesNotContain("n must be a whole number", provider.Markup);
    }

    [Fact]
    public async Task Invalid_copies_disable_create()
    {
        var (provider, _) = await OpenAsync();

        provider.Find("#new-task-copies").Input("1001");

        Assert.True(CreateDisabled(provider));
        Assert.Contains("Copies must be a whole number from 1 to 1000.", provider.Markup);
    }

    [Fact]
    public async Task Create_closes_with_one_validated_task_per_copy()
    {
        var (provider, dialog) = await OpenAsync();
        provider.Find("[data-testid=new-task-type-echo]").Click();
        provider.Find("#new-task-value").Input("""{"x": 1}""");
        provider.Find("#new-task-copies").Input("3");

        provider.Find("[data-testid=new-task-create]").Click();

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(5));
        var tasks = Assert.IsAssignableFrom<IReadOnlyList<NewTask>>(result!.Data);
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, task => Assert.Equal("echo", task.Type));
        Assert.Equal("""{"x":1}""", tasks[0].Input.GetProperty("value").GetRawText());
    }

    [Fact]
    public async Task The_type_chooser_is_a_radio_group_with_one_radio_per_type_and_one_checked()
    {
        var (provider, _) = await OpenAsync();

        var group = provider.Find("[data-testid=new-task-type]");
        Assert.Equal("radiogroup", group.GetAttribute("role"));
        var radios = group.QuerySelectorAll("input[type=radio]");
        Assert.Equal(TaskTypes.All.Count, radios.Length);
        Assert.Single(radios, radio => radio.HasAttribute("checked"));

        provider.Find("[data-testid=new-task-type-echo]").Click();

        Assert.True(provider.Find("[data-testid=new-task-type-echo]").HasAttribute("checked"));
        Assert.Single(provider.FindAll("[data-testid=new-task-type] input[type=radio][checked]"));
    }
}
