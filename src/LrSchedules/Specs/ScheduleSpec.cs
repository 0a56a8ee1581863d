using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LrSchedules.Specs;

/// <summary>
/// Reads and writes schedules as JSON specs: one object per schedule with a <c>type</c> discriminator
/// (see <c>docs/spec.md</c>).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Parse(string)"/> is strict: duplicate keys, unknown fields, comments, trailing commas, non-finite or
/// out-of-range numbers and wrong JSON types are rejected with a <see cref="ScheduleSpecException"/> whose
/// <see cref="ScheduleSpecException.Path"/> names the field. Input is bounded: at most <see cref="MaxLength"/> characters
/// and <see cref="MaxDepth"/> levels of nesting.
/// </para>
/// <para><see cref="ToJson(ILearningRateSchedule, bool)"/> writes every field (defaults included) with numbers in shortest
/// round-trip form, so <c>Parse(ToJson(s))</c> equals <c>s</c> and gives identical values at every step.</para>
/// </remarks>
public static class ScheduleSpec
{
    /// <summary>The largest spec accepted, in characters.</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>The deepest JSON nesting accepted.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly Dictionary<string, SpecType> TypesByName = NativeSpecs.Types
        .Concat(Compat.HfSpecs.Types)
        .Concat(Compat.TimmSpecs.Types)
        .Concat(Compat.OptaxSpecs.Types)
        .Concat(Compat.KerasSpecs.Types)
        .Concat(Compat.ReferenceSpecs.Types)
        .Concat(Compat.TorchSpecs.Types)
        .Concat(Compat.DeepSpeedSpecs.Types)
        .Concat(Compat.MegatronSpecs.Types)
        .Concat(Compat.NemoSpecs.Types)
        .Concat(Compat.FairseqSpecs.Types)
        .Concat(Compat.MxnetSpecs.Types)
        .Concat(Compat.BigVisionSpecs.Types)
        .Concat(Compat.ComposerSpecs.Types)
        .Concat(Compat.MlnetSpecs.Types)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Every spec type <see cref="Parse(string)"/> understands, in the order <c>lrs list</c> shows them.</summary>
    public static IReadOnlyList<ScheduleTypeInfo> Types { get; } = [.. TypesByName.Values.Select(t => new ScheduleTypeInfo(t.Name, t.Description))];

    /// <summary>
    /// The fields a spec of type <paramref name="typeName"/> takes, in the order its reader reads them: name, JSON kind,
    /// whether it is required, its default and its allowed values.
    /// </summary>
    /// <remarks>
    /// Derived from the same reader <see cref="Parse(string)"/> runs (not a separate list): the reader is run on a
    /// describing object that records each field it reads, and the constructors report the ranges they enforce. Ranges
    /// that depend on other fields (such as <c>final_value</c> below <c>initial_value</c>) are not shown; the parser's
    /// error names them. The result is computed on each call.
    /// </remarks>
    /// <param name="typeName">A name from <see cref="Types"/>, such as <c>cosine</c> or <c>torch.StepLR</c>.</param>
    /// <returns>The fields; nested fields are dotted (<c>args.T_max</c>), fields of list elements carry <c>[]</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="typeName"/> is not a known spec type.</exception>
    public static IReadOnlyList<ScheduleFieldInfo> GetFields(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        return TypesByName.TryGetValue(typeName, out var type)
            ? SpecDescription.Describe(type)
            : throw new ArgumentException("unknown schedule type \"" + (typeName.Length <= 64 ? typeName : typeName[..64] + "...") + "\"; ScheduleSpec.Types lists the known types.", nameof(typeName));
    }

    /// <summary>Reads a schedule from a JSON spec.</summary>
    /// <param name="json">The spec; not null, at most <see cref="MaxLength"/> characters.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ScheduleSpecException">The spec is malformed or invalid; the message names the field and the allowed range.</exception>
    public static ILearningRateSchedule Parse(string json) => Parse(json, null);

    /// <summary>Reads a schedule from a JSON spec, supplying the metric history that metric-driven schedules (plateau) react to.</summary>
    /// <param name="json">The spec; not null, at most <see cref="MaxLength"/> characters.</param>
    /// <param name="metrics">The metric observed after each step, used by metric-driven schedules whose spec has no <c>metrics</c> field; may be null.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ScheduleSpecException">The spec is malformed or invalid; the message names the field and the allowed range.</exception>
    public static ILearningRateSchedule Parse(string json, IReadOnlyList<double>? metrics)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxLength)
        {
            throw new ScheduleSpecException("$", "spec is too long: at most " + MaxLength.ToString(CultureInfo.InvariantCulture) + " characters are accepted; got " + json.Length.ToString(CultureInfo.InvariantCulture) + ".");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new ScheduleSpecException(ex.Path is { Length: > 0 } p ? p : "$", "malformed JSON: " + ex.Message, ex);
        }
        catch (ArgumentException ex) when (ex.Source?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true)
        {
            // The text itself is not valid UTF-16 (a lone surrogate character), so it cannot be transcoded to UTF-8.
            throw new ScheduleSpecException("$", "malformed JSON: the text is not valid Unicode (" + ex.Message + ")", ex);
        }
        catch (InvalidOperationException ex) when (ex.Source?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true)
        {
            // The duplicate-key check decodes field names; a lone surrogate escape such as "\ud800" cannot be decoded.
            throw new ScheduleSpecException("$", "malformed JSON: a field name is not valid Unicode text (" + ex.Message + ")", ex);
        }

        using (document)
        {
            try
            {
                return Read(SpecObject.From(document.RootElement, "$", metrics));
            }
            catch (InvalidOperationException ex) when (ex.Source?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true)
            {
                // Valid JSON whose text is not valid UTF-16 (a lone surrogate escape such as "\ud800"): JsonElement.GetString
                // and JsonProperty.Name cannot decode it.
                throw new ScheduleSpecException("$", "malformed JSON: a string or field name is not valid Unicode text (" + ex.Message + ")", ex);
            }
        }
    }

    /// <summary>Reads a schedule from a JSON spec held in a <see cref="JsonElement"/>, e.g. the scheduler section of a larger config.</summary>
    /// <param name="spec">The spec object. Error paths are relative to it: <c>$</c> is <paramref name="spec"/> itself.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentException"><paramref name="spec"/> is a default (undefined) element.</exception>
    /// <exception cref="ScheduleSpecException">The spec is invalid; the same rules as <see cref="Parse(string)"/> apply, duplicate keys and the size and depth limits included.</exception>
    public static ILearningRateSchedule Parse(JsonElement spec) => Parse(spec, null);

    /// <summary>Reads a schedule from a JSON spec held in a <see cref="JsonElement"/>, with a metric history (see <see cref="Parse(string, IReadOnlyList{double})"/>).</summary>
    /// <param name="spec">The spec object. Error paths are relative to it: <c>$</c> is <paramref name="spec"/> itself.</param>
    /// <param name="metrics">The metric observed after each step, for metric-driven schedules whose spec has no <c>metrics</c> field; may be null.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentException"><paramref name="spec"/> is a default (undefined) element.</exception>
    /// <exception cref="ScheduleSpecException">The spec is invalid; the same rules as <see cref="Parse(string)"/> apply.</exception>
    public static ILearningRateSchedule Parse(JsonElement spec, IReadOnlyList<double>? metrics)
    {
        if (spec.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The element is undefined (a default JsonElement); pass an element of a parsed document.", nameof(spec));
        }

        // Through the text, so a document parsed with lenient options (duplicate keys allowed) gets the same strict checks.
        return Parse(spec.GetRawText(), metrics);
    }

    /// <summary>Reads a schedule from a JSON spec held in a <see cref="JsonNode"/>, e.g. a node of a config being edited.</summary>
    /// <param name="spec">The spec object; not null. Error paths are relative to it: <c>$</c> is <paramref name="spec"/> itself.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ScheduleSpecException">The spec is invalid; the same rules as <see cref="Parse(string)"/> apply.</exception>
    public static ILearningRateSchedule Parse(JsonNode spec) => Parse(spec, null);

    /// <summary>Reads a schedule from a JSON spec held in a <see cref="JsonNode"/>, with a metric history (see <see cref="Parse(string, IReadOnlyList{double})"/>).</summary>
    /// <param name="spec">The spec object; not null. Error paths are relative to it: <c>$</c> is <paramref name="spec"/> itself.</param>
    /// <param name="metrics">The metric observed after each step, for metric-driven schedules whose spec has no <c>metrics</c> field; may be null.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ScheduleSpecException">The spec is invalid; the same rules as <see cref="Parse(string)"/> apply.</exception>
    public static ILearningRateSchedule Parse(JsonNode spec, IReadOnlyList<double>? metrics)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Parse(spec.ToJsonString(Compact), metrics);
    }

    /// <summary>Writes a schedule as a JSON spec into a new <see cref="JsonObject"/>, to place inside a larger config.</summary>
    /// <param name="schedule">A schedule of this library.</param>
    /// <returns>A new object that <see cref="Parse(JsonNode)"/> reads back to an equal schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="schedule"/> (or a schedule inside it) is not a type of this library.</exception>
    public static JsonObject ToJsonObject(ILearningRateSchedule schedule) => Write(schedule);

    /// <summary>Writes a schedule as a JSON spec.</summary>
    /// <param name="schedule">A schedule of this library (custom <see cref="ILearningRateSchedule"/> implementations have no spec).</param>
    /// <param name="indented">Whether to indent the output.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="schedule"/> (or a schedule inside it) is not a type of this library.</exception>
    public static string ToJson(ILearningRateSchedule schedule, bool indented = false)
        => Write(schedule).ToJsonString(indented ? Indented : Compact);

    /// <summary>The function-call form used by <see cref="LearningRateSchedule.ToString"/>.</summary>
    internal static string ToDisplayString(ILearningRateSchedule schedule)
    {
        JsonObject? node;
        try
        {
            node = NativeSpecs.Write(schedule);
        }
        catch (ArgumentException)
        {
            // A custom schedule nested inside has no spec; ToString must not throw.
            node = null;
        }

        if (node is null)
        {
            return schedule.GetType().Name;
        }

        var sb = new StringBuilder();
        AppendDisplay(sb, node);
        return sb.ToString();
    }

    /// <summary>Reads the schedule described by <paramref name="spec"/>, rejecting fields it does not use.</summary>
    internal static ILearningRateSchedule Read(SpecObject spec)
    {
        if (spec.Description is { } description)
        {
            // Describing a type whose field holds a schedule: record that, and carry on with any valid schedule.
            description.MarkSchedule(spec.Path);
            return new Schedules.ConstantSchedule(1);
        }

        string type = spec.String("type");
        if (!TypesByName.TryGetValue(type, out var specType))
        {
            throw new ScheduleSpecException(spec.FieldPath("type"), "unknown schedule type \"" + (type.Length <= 64 ? type : type[..64] + "...") + "\"; `lrs list` shows the known types.");
        }

        ILearningRateSchedule schedule;
        try
        {
            schedule = specType.Read(spec);
        }
        catch (ArgumentException ex)
        {
            // A safety net: every reader maps constructor errors to fields, but no argument error may escape Parse unmapped.
            throw new ScheduleSpecException(spec.Path, ex.Data[Internal.Guard.ReasonKey] as string ?? ex.Message, ex);
        }

        spec.EnsureNoUnknownFields();
        return schedule;
    }

    /// <summary>Writes a schedule as a JSON object.</summary>
    internal static JsonObject Write(ILearningRateSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return NativeSpecs.Write(schedule)
            ?? throw new ArgumentException("schedule of type " + schedule.GetType().FullName + " has no spec; only this library's schedules can be written.", nameof(schedule));
    }

    private static void AppendDisplay(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                bool call = o["type"] is JsonValue t && t.TryGetValue(out string? _);
                sb.Append(call ? o["type"]!.GetValue<string>() + "(" : "{");
                bool first = true;
                foreach (var (key, value) in o)
                {
                    if (call && key == "type")
                    {
                        continue;
                    }

                    sb.Append(first ? string.Empty : ", ").Append(key).Append(": ");
                    AppendDisplay(sb, value);
                    first = false;
                }

                sb.Append(call ? ")" : "}");
                break;
            case JsonArray a:
                sb.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    sb.Append(i == 0 ? string.Empty : ", ");
                    AppendDisplay(sb, a[i]);
                }

                sb.Append(']');
                break;
            case JsonValue v when v.TryGetValue(out string? s):
                sb.Append(s);
                break;
            default:
                sb.Append(node?.ToJsonString() ?? "null");
                break;
        }
    }
}
