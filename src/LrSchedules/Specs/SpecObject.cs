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
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly JsonElement _element;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    // The members by name, built on the first lookup: JsonElement.TryGetProperty scans every member, so a reader that
    // looks up each key of a large object (optax's boundaries_and_scales) would take quadratic time.
    private Dictionary<string, JsonElement>? _members;

    private SpecObject(JsonElement element, string path, IReadOnlyList<double>? metrics, SpecDescription? description = null)
    {
        _element = element;
        Path = path;
        Metrics = metrics;
        Description = description;
    }

    /// <summary>
    /// Not null when this object describes a spec type instead of holding a spec: every accessor records the field it
    /// reads in it and returns the default or a placeholder (see <see cref="SpecDescription"/>).
    /// </summary>
    public SpecDescription? Description { get; }

    /// <summary>A describing root object (path <c>$</c>) that records into <paramref name="description"/>.</summary>
    public static SpecObject ForDescription(SpecDescription description) => new(EmptyObject, "$", null, description);

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
        if (Description is { } d)
        {
            d.Record(FieldPath("metrics"), "number list", required: false);
            return [1];
        }

        if (Has("metrics"))
        {
            return NumberArray("metrics");
        }

        // The readers only read the history (the schedules keep their own copies), so a supplied array is not copied.
        return Metrics as double[] ?? Metrics?.ToArray()
            ?? throw new ScheduleSpecException(FieldPath("metrics"), "this schedule reacts to a metric: give the metric history in a \"metrics\" array or with `lrs eval --metrics`.");
    }

    /// <summary>The path of a field of this object.</summary>
    public string FieldPath(string name) => Path + "." + name;

    /// <summary>Whether the field is present (and not null).</summary>
    public bool Has(string name)
    {
        Description?.Record(FieldPath(name), "value", required: false);
        return TryGet(name, out _);
    }

    /// <summary>A required string.</summary>
    public string String(string name)
    {
        Description?.Record(FieldPath(name), "string", required: true);
        return Description is null ? ReadString(name, Require(name)) : string.Empty;
    }

    /// <summary>An optional string.</summary>
    public string String(string name, string defaultValue)
    {
        Description?.Record(FieldPath(name), "string", required: false, Quote(defaultValue));
        return TryGet(name, out var e) ? ReadString(name, e) : defaultValue;
    }

    /// <summary>A required number.</summary>
    public double Number(string name) => Number(name, double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>An optional number.</summary>
    public double Number(string name, double defaultValue) => Number(name, defaultValue, double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>An optional number; null when absent or JSON null.</summary>
    public double? NumberOrNull(string name)
    {
        Description?.Record(FieldPath(name), "number", required: false);
        return TryGet(name, out var e) ? ReadNumber(FieldPath(name), e) : null;
    }

    /// <summary>A required integer (an integral JSON number such as <c>10</c>, <c>10.0</c> or <c>1e3</c>).</summary>
    public long Integer(string name) => Integer(name, long.MinValue, long.MaxValue);

    /// <summary>An optional integer.</summary>
    public long Integer(string name, long defaultValue) => Integer(name, defaultValue, long.MinValue, long.MaxValue);

    /// <summary>An optional integer; null when absent or JSON null.</summary>
    public long? IntegerOrNull(string name)
    {
        Description?.Record(FieldPath(name), "integer", required: false);
        return TryGet(name, out var e) ? ReadInteger(FieldPath(name), e) : null;
    }

    /// <summary>A required integer in <c>[min, max]</c>.</summary>
    public long Integer(string name, long min, long max)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "integer", required: true, allowed: IntegerRange(min, max));
            return d.IntegerPlaceholder(min, max);
        }

        return CheckRange(name, ReadInteger(FieldPath(name), Require(name)), min, max);
    }

    /// <summary>An optional integer in <c>[min, max]</c>.</summary>
    public long Integer(string name, long defaultValue, long min, long max)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "integer", required: false, Guard.Format(defaultValue), IntegerRange(min, max));
            return defaultValue;
        }

        return CheckRange(name, TryGet(name, out var e) ? ReadInteger(FieldPath(name), e) : defaultValue, min, max);
    }

    /// <summary>A required number in <c>[min, max]</c>.</summary>
    public double Number(string name, double min, double max)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "number", required: true, allowed: NumberRange(min, max));
            return Math.Clamp(1, min, max);
        }

        return CheckRange(name, ReadNumber(FieldPath(name), Require(name)), min, max);
    }

    /// <summary>An optional number in <c>[min, max]</c>.</summary>
    public double Number(string name, double defaultValue, double min, double max)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "number", required: false, JsonNumber(defaultValue), NumberRange(min, max));
            return defaultValue;
        }

        return CheckRange(name, TryGet(name, out var e) ? ReadNumber(FieldPath(name), e) : defaultValue, min, max);
    }

    /// <summary>A number or a list of numbers (one per parameter group), as an array; required unless a default is given.</summary>
    public double[] NumberOrList(string name, double? defaultValue = null)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "number or number list", required: defaultValue is null, defaultValue is double v ? JsonNumber(v) : null);
            return [defaultValue ?? 1];
        }

        if (!TryGet(name, out var e))
        {
            return defaultValue is double v ? [v] : [ReadNumber(FieldPath(name), Require(name))];
        }

        return e.ValueKind == JsonValueKind.Array ? NumberArray(name) : [ReadNumber(FieldPath(name), e)];
    }

    /// <summary>An optional number or list of numbers; null when absent.</summary>
    public double[]? NumberOrListOrNull(string name)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "number or number list", required: false);
            return null;
        }

        return Has(name) ? NumberOrList(name) : null;
    }

    /// <summary>An optional array of numbers; null when absent.</summary>
    public double[]? NumberArrayOrNull(string name)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "number list", required: false);
            return null;
        }

        return Has(name) ? NumberArray(name) : null;
    }

    /// <summary>An optional Boolean.</summary>
    public bool Boolean(string name, bool defaultValue)
    {
        Description?.Record(FieldPath(name), "boolean", required: false, defaultValue ? "true" : "false");
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
        Description?.Record(FieldPath(name), "string", required: false, Quote(names.First(n => EqualityComparer<T>.Default.Equals(n.Value, defaultValue)).Name), ChoiceList(names));
        return TryGet(name, out var e) ? ReadChoice(name, e, names) : defaultValue;
    }

    /// <summary>A required enumeration given by one of the names in <paramref name="names"/>.</summary>
    public T Choice<T>(string name, IReadOnlyList<(string Name, T Value)> names)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "string", required: true, allowed: ChoiceList(names));
            return names[0].Value;
        }

        return ReadChoice(name, Require(name), names);
    }

    private T ReadChoice<T>(string name, JsonElement e, IReadOnlyList<(string Name, T Value)> names)
    {
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
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "number list", required: true);
            return [1];
        }

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
    public long[] IntegerArray(string name) => IntegerArray(name, long.MinValue, long.MaxValue);

    /// <summary>A required array of integers, each in <c>[min, max]</c>.</summary>
    public long[] IntegerArray(string name, long min, long max)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "integer list", required: true, allowed: IntegerRange(min, max));
            return [d.IntegerPlaceholder(min, max)];
        }

        var e = RequireArray(name);
        var result = new long[e.GetArrayLength()];
        int i = 0;
        foreach (var item in e.EnumerateArray())
        {
            string path = FieldPath(name) + "[" + i + "]";
            long value = ReadInteger(path, item);
            if (value < min || value > max)
            {
                throw new ScheduleSpecException(path, "must be an integer in [" + Guard.Format(min) + ", " + Guard.Format(max) + "]; got " + Guard.Format(value) + ".");
            }

            result[i++] = value;
        }

        return result;
    }

    /// <summary>A required nested object.</summary>
    public SpecObject Object(string name) => Object(name, Metrics);

    /// <summary>A required nested object that sees <paramref name="metrics"/> as its supplied metric history.</summary>
    public SpecObject Object(string name, IReadOnlyList<double>? metrics)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "object", required: true);
            return new SpecObject(EmptyObject, FieldPath(name), metrics, d);
        }

        return From(Require(name), FieldPath(name), metrics);
    }

    /// <summary>An optional nested object (such as <c>args</c>); an empty object at that path when absent.</summary>
    public SpecObject OptionalObject(string name, IReadOnlyList<double>? metrics)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "object", required: false);
            return new SpecObject(EmptyObject, FieldPath(name), metrics, d);
        }

        return Has(name) ? From(Require(name), FieldPath(name), metrics) : new SpecObject(EmptyObject, FieldPath(name), metrics);
    }

    /// <summary>
    /// A required array of objects, each read by <paramref name="read"/>. When describing, the element's fields are
    /// described under <c>name[]</c> and a failure of <paramref name="read"/> on placeholders ends only that element.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Describing only: an element reader run on placeholders may fail in any way; its fields are recorded.")]
    public List<T> ObjectArray<T>(string name, Func<SpecObject, T> read)
    {
        if (Description is null)
        {
            return [.. ObjectArray(name).Select(read)];
        }

        var element = ObjectArray(name)[0];
        try
        {
            return [read(element)];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [];
        }
    }

    /// <summary>A required array of objects (when describing: one describing element at <c>name[]</c>).</summary>
    public IReadOnlyList<SpecObject> ObjectArray(string name)
    {
        if (Description is { } d)
        {
            d.Record(FieldPath(name), "list of objects", required: true);
            return [new SpecObject(EmptyObject, FieldPath(name) + "[]", Metrics, d)];
        }

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

    /// <summary>The names of the object's members, in document order (none when describing).</summary>
    public IEnumerable<string> FieldNames() => _element.EnumerateObject().Select(p => p.Name);

    /// <summary>This object as a mutable JSON node (a copy).</summary>
    public System.Text.Json.Nodes.JsonObject ToNode() => System.Text.Json.Nodes.JsonObject.Create(_element.Clone())!;

    /// <summary>The raw JSON element of a required field.</summary>
    public JsonElement Raw(string name) => Require(name);

    /// <summary>Rejects every field that was not read (nothing to reject when describing).</summary>
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
        if (Description is { } d)
        {
            SpecDescription.ClearRanges();
            try
            {
                return construct();
            }
            finally
            {
                d.AttachRanges(p => FieldPath(fieldOf?.Invoke(p) ?? ToSnakeCase(p)));
            }
        }

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

    // A JSON string literal through the node API, which needs no reflection (trimming / Native AOT safe).
    private static string Quote(string s) => System.Text.Json.Nodes.JsonValue.Create(s).ToJsonString();

    private static string JsonNumber(double value) => Guard.Format(value).Replace("E", "e", StringComparison.Ordinal);

    private static string? IntegerRange(long min, long max)
        => min == long.MinValue && max == long.MaxValue ? null : "[" + Guard.Format(min) + ", " + Guard.Format(max) + "]";

    private static string? NumberRange(double min, double max)
        => double.IsNegativeInfinity(min) && double.IsPositiveInfinity(max) ? null : Guard.ReadableInterval(min, max);

    private static string ChoiceList<T>(IReadOnlyList<(string Name, T Value)> names) => string.Join(", ", names.Select(n => Quote(n.Name)));

    private long CheckRange(string name, long value, long min, long max)
        => value >= min && value <= max
            ? value
            : throw new ScheduleSpecException(FieldPath(name), "must be an integer in [" + Guard.Format(min) + ", " + Guard.Format(max) + "]; got " + Guard.Format(value) + ".");

    private double CheckRange(string name, double value, double min, double max)
        => (value >= min && value <= max) || (double.IsNegativeInfinity(min) && double.IsPositiveInfinity(max))
            ? value
            : throw new ScheduleSpecException(FieldPath(name), "must be a finite number in [" + Guard.Format(min) + ", " + Guard.Format(max) + "]; got " + Guard.Format(value) + ".");

    private static string Truncate(string s) => s.Length <= 64 ? s : string.Concat(s.AsSpan(0, 64), "...");

    private bool TryGet(string name, out JsonElement value)
    {
        _read.Add(name);
        if (Members().TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// The members by name, built once per object in O(members). The document was parsed with duplicate keys rejected,
    /// so every name is unique; should one repeat anyway, it is rejected here too rather than one of them winning.
    /// </summary>
    private Dictionary<string, JsonElement> Members()
    {
        if (_members is { } members)
        {
            return members;
        }

        members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in _element.EnumerateObject())
        {
            if (!members.TryAdd(property.Name, property.Value))
            {
                throw new ScheduleSpecException(Path, "malformed JSON: duplicate key \"" + Truncate(property.Name) + "\".");
            }
        }

        _members = members;
        return members;
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

        // Accept integral numbers written as 10.0 or 1e3, as Python configs often do, read exactly from the text: neither
        // 10.000000000000000001 nor 5.0000000000000000000000000000001 (past decimal's 28 digits) nor 1e-400 (which decimal
        // flushes to 0) nor -9223372036854775809 is rounded into an accepted integer.
        if (JsonInteger.TryParse(e.GetRawText(), out value))
        {
            return value;
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
