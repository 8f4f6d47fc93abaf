using System.Text.Json;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Tests.Unit;

public sealed class TaskInputValidatorTests
{
    [Theory]
    [InlineData("fibonacci", """{"n":10}""")]
    [InlineData("script", """{"code":"1+1"}""")]
    [InlineData("simulation", """{}""")]
    [InlineData("simulation", """{"drift":0.1,"volatility":0.3,"steps":100,"seconds":0.5,"seed":7}""")]
    [InlineData("echo", """{"value":{"nested":[1,2,3]}}""")]
    [InlineData("echo", """{"value":null}""")]
    public void Valid_inputs_pass(string type, string json)
    {
        var errors = new InputErrors();

        var parsed = TaskInputValidator.Validate(type, JsonDocument.Parse(json).RootElement, errors);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.NotNull(parsed);
    }

    [Theory]
    [InlineData("fibonacci", """{"n":100001}""", "input.n")]
    [InlineData("fibonacci", """{"n":"7"}""", "input.n")]
    [InlineData("fibonacci", """{}""", "input.n")]
    [InlineData("script", """{"code":""}""", "input.code")]
    [InlineData("script", """{"code":5}""", "input.code")]
    [InlineData("simulation", """{"steps":2000000}""", "input.steps")]
    [InlineData("simulation", """{"volatility":-0.5}""", "input.volatility")]
    [InlineData("simulation", """{"seconds":601}""", "input.seconds")]
    [InlineData("simulation", """{"initialValue":0}""", "input.initialValue")]
    [InlineData("echo", """{}""", "input.value")]
    [InlineData("echo", """[]""", "input")]
    public void Invalid_inputs_name_the_field(string type, string json, string field)
    {
        var errors = new InputErrors();

        TaskInputValidator.Validate(type, JsonDocument.Parse(json).RootElement, errors);

        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_script_longer_than_the_limit_is_rejected()
    {
        var errors = new InputErrors();
        var code = new string('1', TaskLimits.MaxScriptLength + 1);

        TaskInputValidator.Validate("script", JsonSerializer.SerializeToElement(new { code }), errors);

        Assert.Contains("input.code", errors.ToDictionary().Keys);
    }
}
