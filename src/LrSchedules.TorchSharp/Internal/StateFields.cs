using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LrSchedules.TorchSharp.Internal;

/// <summary>
/// Reads a saved state, checking every field before anything is applied, so that loading a corrupted or mismatched
/// state fails with an <see cref="ArgumentException"/> (naming the caller's parameter) and leaves the target unchanged.
/// </summary>
internal sealed class StateFields
{
    private readonly JsonObject _state;
    private readonly string _owner;
    private readonly string _paramName;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <param name="state">The state object.</param>
    /// <param name="owner">What the state belongs to, for the messages.</param>
    /// <param name="paramName">The caller's parameter that holds <paramref name="state"/>.</param>
    public StateFields(JsonObject state, string owner, string paramName)
    {
        _state = state;
        _owner = owner;
        _paramName = paramName;
    }

    public void ExpectType(string type)
    {
        var node = Require("type");
        string? actual = node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        if (actual != type)
        {
            throw Fail("type", actual is null ? "must be the string \"" + type + "\"." : "is \"" + actual + "\", but this is a " + type + " state.");
        }
    }

    public long Long(string name, long min, long max)
    {
        var node = Require(name);
        if (node is JsonValue && node.GetValueKind() == JsonValueKind.Number
            && long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            && value >= min && value <= max)
        {
            return value;
        }

        throw Fail(name, "must be an integer in [" + Checks.Format(min) + ", " + Checks.Format(max) + "].");
    }

    public bool Has(string name) => _state.ContainsKey(name);

    public double[] Doubles(string name, int count)
    {
        var array = RequireArray(name, count);
        var result = new double[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = AsDouble(array[i], name + "[" + i + "]");
        }

        return result;
    }

    public double?[] NullableDoubles(string name, int count)
    {
        var array = RequireArray(name, count);
        var result = new double?[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = array[i] is null ? null : AsDouble(array[i], name + "[" + i + "]");
        }

        return result;
    }

    public JsonObject Object(string name) => Require(name) as JsonObject ?? throw Fail(name, "must be a JSON object.");

    public void EnsureNoOtherFields()
    {
        foreach (var (key, _) in _state)
        {
            if (!_read.Contains(key))
            {
                throw Fail(key, "is not a field of a " + _owner + " state.");
            }
        }
    }

    public ArgumentException Fail(string name, string reason)
        => new(_paramName + "." + name + " " + reason + " The " + _owner + " state was not loaded; nothing was changed.", _paramName);

    private JsonNode Require(string name)
    {
        _read.Add(name);
        return _state.TryGetPropertyValue(name, out var node) && node is not null ? node : throw Fail(name, "is missing.");
    }

    private JsonArray RequireArray(string name, int count)
    {
        var array = Require(name) as JsonArray ?? throw Fail(name, "must be a JSON array.");
        if (array.Count != count)
        {
            throw Fail(name, "has " + array.Count + " entries, but there are " + count + " parameter groups.");
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
