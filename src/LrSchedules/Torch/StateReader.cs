using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LrSchedules.Torch;

/// <summary>
/// Reads a saved scheduler state, checking every field before anything is applied, so that loading a corrupted or
/// mismatched state fails with an <see cref="ArgumentException"/> and leaves the scheduler unchanged.
/// </summary>
internal sealed class StateReader
{
    private readonly JsonObject _state;
    private readonly string _type;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public StateReader(JsonObject state, string type)
    {
        _state = state;
        _type = type;
    }

    public void ExpectType(string type)
    {
        string actual = String("type");
        if (actual != type)
        {
            throw Fail("type", "is \"" + actual + "\", but this scheduler is " + type + ".");
        }
    }

    public string String(string name)
    {
        var node = Require(name);
        return node is JsonValue v && v.TryGetValue(out string? s) ? s : throw Fail(name, "must be a string.");
    }

    public double Double(string name)
    {
        var node = Require(name);
        return AsDouble(node, name);
    }

    public long Long(string name)
    {
        var node = Require(name);
        if (node is JsonValue && node.GetValueKind() == JsonValueKind.Number)
        {
            string text = node.ToJsonString();
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
            {
                return l;
            }

            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal m) && m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue)
            {
                return (long)m;
            }
        }

        throw Fail(name, "must be an integer.");
    }

    public bool Bool(string name)
    {
        var node = Require(name);
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(name, "must be true or false."),
        };
    }

    public double[] Doubles(string name, int expectedCount)
    {
        var array = RequireArray(name, expectedCount);
        var result = new double[array.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = AsDouble(array[i], name + "[" + i + "]");
        }

        return result;
    }

    public double?[] NullableDoubles(string name, int expectedCount)
    {
        var array = RequireArray(name, expectedCount);
        var result = new double?[array.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = array[i] is null ? null : AsDouble(array[i], name + "[" + i + "]");
        }

        return result;
    }

    public JsonObject Object(string name)
        => Require(name) as JsonObject ?? throw Fail(name, "must be a JSON object.");

    public JsonArray Array(string name, int expectedCount) => RequireArray(name, expectedCount);

    public void EnsureNoOtherFields() => EnsureNoOtherFieldsExcept();

    public void EnsureNoOtherFieldsExcept(params string[] alsoAllowed)
    {
        foreach (var (key, _) in _state)
        {
            if (!_read.Contains(key) && System.Array.IndexOf(alsoAllowed, key) < 0)
            {
                throw Fail(key, "is not a field of a " + _type + " state.");
            }
        }
    }

    public ArgumentException Fail(string name, string reason)
        => new("state." + name + " " + reason + " The " + _type + " state was not loaded; nothing was changed.");

    private JsonNode Require(string name)
    {
        _read.Add(name);
        return _state.TryGetPropertyValue(name, out var node) && node is not null ? node : throw Fail(name, "is missing.");
    }

    private JsonArray RequireArray(string name, int expectedCount)
    {
        var array = Require(name) as JsonArray ?? throw Fail(name, "must be a JSON array.");
        if (expectedCount >= 0 && array.Count != expectedCount)
        {
            throw Fail(name, "has " + array.Count + " entries, but this scheduler has " + expectedCount + " parameter groups.");
        }

        return array;
    }

    private double AsDouble(JsonNode? node, string name)
    {
        if (node is JsonValue && node.GetValueKind() == JsonValueKind.Number
            && double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
        {
            return d;
        }

        throw Fail(name, "must be a finite number.");
    }
}
