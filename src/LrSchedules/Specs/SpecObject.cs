using System.Globalization;
using System.Text;
using System.Text.Json;
using LrSchedules.Internal;

namespace LrSchedules.Specs;

/// <summary>
/// A JSON object of a spec being read: typed accessors that name the field and its allowed range on every error, and a
/// record of the fields read so that unknown fields are rejected.
/// </summary>
internal sealed class SpecObject
{
    private readonly JsonElement _element;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private SpecObject(JsonElement element, string path, IReadOnlyList<double>? metrics)
    {
        _element = element;
        Path = path;
        Metrics = metrics;
    }

    /// <summary>The JSON path of this object.</summary>
    public string Path { get; }

    /// <summary>Metric values supplied from outside the spec (e.g. <c>lrs eval --metrics</c>), or null.</summary>
    public IReadOnlyList<double>? Metrics { get; }

    /// <summary>Wraps <paramref name="element"/>, which must be a JSON object.</summary>
    public static SpecObject From(JsonElement element, string path, IReadOnlyList<double>? metrics = null)
        => element.ValueKind == JsonValueKind.Object
            ? new SpecObject(element, path, metrics)
            : throw new ScheduleSpecException(path, "must be a JSON object; got " + Describe(element) + ".");

    /// <summary>
    /// The metric history for a metric-driven schedule: the <c>metrics</c> field of this object if present, else the
    /// metrics supplied from outside the spec.
    /// </summary>
    public double[] MetricHistory()
    {
        if (Has("metrics"))
        {
            return NumberArray("metrics");
        }

        return Metrics?.ToArray()
            ?? throw new ScheduleSpecException(FieldPath("metrics"), "this schedule reacts to a metric: give the metric history in a \"metrics\" array or with `lrs eval --metrics`.");
    }

    /// <summary>The path of a field of this object.</summary>
    public string FieldPath(string name) => Path + "." + name;

    /// <summary>Whether the field is present (and not null).</summary>
    public bool Has(string name) => TryGet(name, out _);

    /// <summary>A required string.</summary>
    public string String(string name) => ReadString(name, Require(name));

    /// <summary>An optional string.</summary>
    public string String(string name, string defaultValue) => TryGet(name, out var e) ? ReadString(name, e) : defaultValue;

    /// <summary>A required number.</summary>
    public double Number(string name) => ReadNumber(FieldPath(name), Require(name));

    /// <summary>An optional number.</summary>
    public double Number(string name, double defaultValue) => NumberOrNull(name) ?? defaultValue;

    /// <summary>An optional number; null when absent or JSON null.</summary>
    public double? NumberOrNull(string name) => TryGet(name, out var e) ? ReadNumber(FieldPath(name), e) : null;

    /// <summary>A required integer (an integral JSON number such as <c>10</c>, <c>10.0</c> or <c>1e3</c>).</summary>
    public long Integer(string name) => ReadInteger(FieldPath(name), Require(name));

    /// <summary>An optional integer.</summary>
    public long Integer(string name, long defaultValue) => IntegerOrNull(name) ?? defaultValue;

    /// <summary>An optional integer; null when absent or JSON null.</summary>
    public long? IntegerOrNull(string name) => TryGet(name, out var e) ? ReadInteger(FieldPath(name), e) : null;

    /// <summary>A required integer in <c>[min, max]</c>.</summary>
    public long Integer(string name, long min, long max) => CheckRange(name, Integer(name), min, max);

    /// <summary>An optional integer in <c>[min, max]</c>.</summary>
    public long Integer(string name, long defaultValue, long min, long max) => CheckRange(name, Integer(name, defaultValue), min, max);

    /// <summary>A required number in <c>[min, max]</c>.</summary>
    public double Number(string name, double min, double max) => CheckRange(name, Number(name), min, max);

    /// <summary>An optional number in <c>[min, max]</c>.</summary>
    public double Number(string name, double defaultValue, double min, double max) => CheckRange(name, Number(name, defaultValue), min, max);

    /// <summary>An optional Boolean.</summary>
    public bool Boolean(string name, bool defaultValue)
    {
        if (!TryGet(name, out var e))
        {
            return defaultValue;
        }

        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ScheduleSpecException(FieldPath(name), "must be true or false; got " + Describe(e) + "."),
        };
    }

    /// <summary>An optional enumeration given by one of the names in <paramref name="names"/>.</summary>
    public T Choice<T>(string name, T defaultValue, IReadOnlyList<(string Name, T Value)> names)
    {
        if (!TryGet(name, out var e))
        {
            return defaultValue;
        }

        string s = ReadString(name, e);
        foreach (var (n, v) in names)
        {
            if (n == s)
            {
                return v;
            }
        }

        throw new ScheduleSpecException(FieldPath(name), "must be one of " + string.Join(", ", names.Select(n => "\"" + n.Name + "\"")) + "; got \"" + Truncate(s) + "\".");
    }

    /// <summary>A required array of numbers.</summary>
    public double[] NumberArray(string name)
    {
        var e = RequireArray(name);
        var result = new double[e.GetArrayLength()];
        int i = 0;
        foreach (var item in e.EnumerateArray())
        {
            result[i] = ReadNumber(FieldPath(name) + "[" + i + "]", item);
            i++;
        }

        return result;
    }

    /// <summary>A required array of integers.</summary>
    public long[] IntegerArray(string name)
    {
        var e = RequireArray(name);
        var result = new long[e.GetArrayLength()];
        int i = 0;
        foreach (var item in e.EnumerateArray())
        {
            result[i] = ReadInteger(FieldPath(name) + "[" + i + "]", item);
            i++;
        }

        return result;
    }

    /// <summary>A required nested object.</summary>
    public SpecObject Object(string name) => From(Require(name), FieldPath(name), Metrics);

    /// <summary>A required nested object that sees <paramref name="metrics"/> as its supplied metric history.</summary>
    public SpecObject Object(string name, IReadOnlyList<double>? metrics) => From(Require(name), FieldPath(name), metrics);

    /// <summary>A required array of objects.</summary>
    public IReadOnlyList<SpecObject> ObjectArray(string name)
    {
        var e = RequireArray(name);
        var result = new List<SpecObject>(e.GetArrayLength());
        int i = 0;
        foreach (var item in e.EnumerateArray())
        {
            result.Add(From(item, FieldPath(name) + "[" + i + "]", Metrics));
            i++;
        }

        return result;
    }

    /// <summary>The names of the object's members, in document order.</summary>
    public IEnumerable<string> FieldNames() => _element.EnumerateObject().Select(p => p.Name);

    /// <summary>This object as a mutable JSON node (a copy).</summary>
    public System.Text.Json.Nodes.JsonObject ToNode() => System.Text.Json.Nodes.JsonObject.Create(_element.Clone())!;

    /// <summary>The raw JSON element of a required field.</summary>
    public JsonElement Raw(string name) => Require(name);

    /// <summary>Rejects every field that was not read.</summary>
    public void EnsureNoUnknownFields()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                throw new ScheduleSpecException(FieldPath(Truncate(property.Name)), "unknown field; the fields of this object are " + DescribeKnown() + ".");
            }
        }
    }

    /// <summary>
    /// Runs a constructor and turns its <see cref="ArgumentException"/> into a <see cref="ScheduleSpecException"/> naming
    /// the field: the parameter name in snake_case, or the name given by <paramref name="fieldOf"/>.
    /// </summary>
    public T Build<T>(Func<T> construct, Func<string, string>? fieldOf = null)
    {
        try
        {
            return construct();
        }
        catch (ArgumentException ex) when (ex.ParamName is not null)
        {
            string field = fieldOf?.Invoke(ex.ParamName) ?? ToSnakeCase(ex.ParamName);
            string reason = ex.Data[Guard.ReasonKey] as string ?? ex.Message;
            throw new ScheduleSpecException(FieldPath(field), reason, ex);
        }
    }

    /// <summary>Converts a C# parameter name such as <c>initialValue</c> to its spec field name, <c>initial_value</c>.</summary>
    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        foreach (char c in name)
        {
            if (char.IsUpper(c))
            {
                if (sb.Length > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Describes a JSON value's kind for an error message.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "the string \"" + Truncate(e.GetString() ?? string.Empty) + "\"",
        JsonValueKind.Number => "the number " + Truncate(e.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private long CheckRange(string name, long value, long min, long max)
        => value >= min && value <= max
            ? value
            : throw new ScheduleSpecException(FieldPath(name), "must be an integer in [" + Guard.Format(min) + ", " + Guard.Format(max) + "]; got " + Guard.Format(value) + ".");

    private double CheckRange(string name, double value, double min, double max)
        => value >= min && value <= max
            ? value
            : throw new ScheduleSpecException(FieldPath(name), "must be a finite number in [" + Guard.Format(min) + ", " + Guard.Format(max) + "]; got " + Guard.Format(value) + ".");

    private static string Truncate(string s) => s.Length <= 64 ? s : string.Concat(s.AsSpan(0, 64), "...");

    private bool TryGet(string name, out JsonElement value)
    {
        _read.Add(name);
        if (_element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    private JsonElement Require(string name)
        => TryGet(name, out var e) ? e : throw new ScheduleSpecException(FieldPath(name), "missing required field.");

    private JsonElement RequireArray(string name)
    {
        var e = Require(name);
        return e.ValueKind == JsonValueKind.Array
            ? e
            : throw new ScheduleSpecException(FieldPath(name), "must be a JSON array; got " + Describe(e) + ".");
    }

    private string ReadString(string name, JsonElement e)
        => e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new ScheduleSpecException(FieldPath(name), "must be a string; got " + Describe(e) + ".");

    private static double ReadNumber(string path, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Number)
        {
            throw new ScheduleSpecException(path, "must be a number; got " + Describe(e) + ".");
        }

        if (!e.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw new ScheduleSpecException(path, "must be a finite number within the range of a double; got " + Truncate(e.GetRawText()) + ".");
        }

        return value;
    }

    private static long ReadInteger(string path, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Number)
        {
            throw new ScheduleSpecException(path, "must be an integer; got " + Describe(e) + ".");
        }

        if (e.TryGetInt64(out long value))
        {
            return value;
        }

        // Accept integral numbers written as 10.0 or 1e3, as Python configs often do. Decimal parsing is exact here, so
        // neither 10.000000000000000001 nor -9223372036854775809 is rounded into an accepted integer, as a double would.
        if (e.TryGetDecimal(out decimal m) && m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue)
        {
            return (long)m;
        }

        throw new ScheduleSpecException(
            path,
            "must be an integer in [" + long.MinValue.ToString(CultureInfo.InvariantCulture) + ", " + long.MaxValue.ToString(CultureInfo.InvariantCulture) + "]; got " + Truncate(e.GetRawText()) + ".");
    }

    private string DescribeKnown()
    {
        var known = _read.Order(StringComparer.Ordinal).ToList();
        return known.Count == 0 ? "none" : string.Join(", ", known);
    }
}
