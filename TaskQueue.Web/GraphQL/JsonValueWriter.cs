using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace TaskQueue.Web.GraphQL;

// Turns what GraphQL.NET parsed from variables or literals (dictionaries, lists, strings,
// booleans, int/long/BigInteger/decimal/double) back into the JSON it came from. Numbers keep
// their exact digits, so fibonacci's {"n": 90} or {"n": 1.5} reach the validator unchanged.
public static class JsonValueWriter
{
    public static JsonElement ToJsonElement(object? value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case BigInteger number:
                writer.WriteRawValue(number.ToString(CultureInfo.InvariantCulture));
                break;
            case IDictionary<string, object?> fields:
                writer.WriteStartObject();
                foreach (var (name, field) in fields)
                {
                    writer.WritePropertyName(name);
                    Write(writer, field);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                // Only a number JSON cannot hold (an infinite double) or a type the parsers
                // never produce ends up here.
                throw new JsonException($"A value of type {value.GetType().Name} cannot be written as JSON.");
        }
    }
}
