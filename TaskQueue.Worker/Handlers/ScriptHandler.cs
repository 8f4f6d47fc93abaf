using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Runtime;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Handlers;

// The first original's feature, made safe: a JavaScript snippet whose last expression is the
// result, run in Jint with no host access (no CLR, no I/O, no timers) in a fresh engine per
// task, under limits on time, memory, statements and recursion.
public sealed class ScriptHandler : ITaskHandler
{
    public const long MemoryLimitBytes = 64 * 1024 * 1024;
    // High enough that a runaway loop meets its time limit first (Jint runs ~50 M simple
    // statements a second here), low enough to cap the work of a task with a long timeout.
    public const int StatementLimit = 1_000_000_000;
    public const int RecursionLimit = 256;

    public string Type => TaskTypes.Script;

    public Task<JsonElement> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = TaskInput.Parse<ScriptInput>(Type, context.Input);
        return Task.FromResult(Run(input.Code!, context.Timeout, cancellationToken, workflowContext: context.WorkflowContext));
    }

    public static JsonElement Run(
        string code, TimeSpan timeLimit, CancellationToken cancellationToken, int statementLimit = StatementLimit, JsonElement? workflowContext = null)
    {
        var engine = new Engine(options => options
            .LimitMemory(MemoryLimitBytes)
            .TimeoutInterval(timeLimit)
            .MaxStatements(statementLimit)
            .LimitRecursion(RecursionLimit)
            .CancellationToken(cancellationToken));
        SetWorkflowGlobals(engine, workflowContext);

        JsValue value;
        try
        {
            value = engine.Evaluate(code);
        }
        catch (JavaScriptException exception) when (IsSyntaxError(exception))
        {
            throw new TaskFailedException($"The script is not valid JavaScript: {exception.Message}", permanent: true);
        }
        catch (JavaScriptException exception)
        {
            throw new TaskFailedException($"The script threw: {exception.Message}", permanent: true);
        }
        catch (TimeoutException)
        {
            throw new TaskFailedException($"The script hit its time limit ({timeLimit.TotalSeconds:0.###} s).", permanent: true);
        }
        catch (MemoryLimitExceededException)
        {
            throw new TaskFailedException($"The script hit its memory limit ({MemoryLimitBytes / (1024 * 1024)} MB).", permanent: true);
        }
        catch (StatementsCountOverflowException)
        {
            throw new TaskFailedException($"The script hit its statement limit ({statementLimit:N0} statements).", permanent: true);
        }
        catch (RecursionDepthOverflowException)
        {
            throw new TaskFailedException($"The script hit its recursion limit ({RecursionLimit} nested calls).", permanent: true);
        }
        catch (ExecutionCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not TaskFailedException)
        {
            // Syntax errors and other engine errors: the code is wrong, not the worker.
            throw new TaskFailedException($"The script is not valid JavaScript: {exception.Message}", permanent: true);
        }

        return ToJson(engine, value);
    }

    // A workflow step sees the previous step's result as `previous` (chain) and a chord's
    // results in order as `results`: plain JSON values, undefined when not given.
    private static void SetWorkflowGlobals(Engine engine, JsonElement? workflowContext)
    {
        var parser = new Jint.Native.Json.JsonParser(engine);
        foreach (var name in (string[])["previous", "results"])
        {
            var value = workflowContext is { ValueKind: JsonValueKind.Object } given && given.TryGetProperty(name, out var property)
                ? parser.Parse(property.GetRawText())
                : JsValue.Undefined;
            engine.SetValue(name, value);
        }
    }

    private static bool IsSyntaxError(JavaScriptException exception) =>
        exception.Error.IsObject() && exception.Error.AsObject().Get("name").ToString() == "SyntaxError";

    private static JsonElement ToJson(Engine engine, JsValue value)
    {
        if (value.IsNumber() && !double.IsFinite(value.AsNumber()))
        {
            throw new TaskFailedException($"The script's value is not a finite number ({value}).", permanent: true);
        }

        if (value.IsUndefined())
        {
            return JsonSerializer.SerializeToElement<object?>(null);
        }

        var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(value, JsValue.Undefined, JsValue.Undefined);
        return json.IsString()
            ? JsonDocument.Parse(json.AsString()).RootElement.Clone()
            : JsonSerializer.SerializeToElement(value.ToString());
    }
}
