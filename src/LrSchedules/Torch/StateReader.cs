using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LrSchedules.Internal;

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

    /// <summary>A finite number in <c>[min, max]</c>.</summary>
    public double Double(string name, double min, double max) => InRange(Double(name), name, min, max);

    public long Long(string name)
    {
        var node = Require(name);
        // Integers written as 5.0 or 5e0 (as Python's json writes floats) are read exactly; 5.5, 1e-400 and
        // 5.0000000000000000000000000000001 are not integers.
        if (node is JsonValue && node.GetValueKind() == JsonValueKind.Number && JsonInteger.TryParse(node.ToJsonString(), out long value))
        {
            return value;
        }

        throw Fail(name, "must be an integer.");
    }

    /// <summary>An integer in <c>[min, max]</c>.</summary>
    public long Long(string name, long min, long max)
    {
        long value = Long(name);
        return value >= min && value <= max
            ? value
            : throw Fail(name, "must be an integer in [" + Guard.Format(min) + ", " + Guard.Format(max) + "]; got " + Guard.Format(value) + ".");
    }

    public double[] Doubles(string name, int expectedCount) => Doubles(name, expectedCount, double.MinValue, double.MaxValue);

    /// <summary>An array of <paramref name="expectedCount"/> integers.</summary>
    public long[] Longs(string name, int expectedCount)
    {
        var array = RequireArray(name, expectedCount);
        var result = new long[array.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var item = array[i];
            result[i] = item is JsonValue && item.GetValueKind() == JsonValueKind.Number && JsonInteger.TryParse(item.ToJsonString(), out long value)
                ? value
                : throw Fail(name + "[" + i + "]", "must be an integer.");
        }

        return result;
    }

    /// <summary>An array of <paramref name="expectedCount"/> finite numbers, each in <c>[min, max]</c>.</summary>
    public double[] Doubles(string name, int expectedCount, double min, double max)
    {
        var array = RequireArray(name, expectedCount);
        var result = new double[array.Count];
        for (int i = 0; i < result.Length; i++)
        {
            string item = name + "[" + i + "]";
            result[i] = InRange(AsDouble(array[i], item), item, min, max);
        }

        return result;
    }

    /// <summary>An array of <paramref name="expectedCount"/> entries, each null or a finite number in <c>[min, max]</c>.</summary>
    public double?[] NullableDoubles(string name, int expectedCount, double min, double max)
    {
        var array = RequireArray(name, expectedCount);
        var result = new double?[array.Count];
        for (int i = 0; i < result.Length; i++)
        {
            string item = name + "[" + i + "]";
            result[i] = array[i] is null ? null : InRange(AsDouble(array[i], item), item, min, max);
        }

        return result;
    }

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

    private double InRange(double value, string name, double min, double max)
        => value >= min && value <= max
            ? value
            : throw Fail(name, "must be a finite number in " + Guard.ReadableInterval(min, max) + "; got " + Guard.Format(value) + ".");

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
