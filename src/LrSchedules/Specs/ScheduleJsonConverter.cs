using System.Text.Json;
using System.Text.Json.Serialization;

namespace LrSchedules.Specs;

/// <summary>
/// A System.Text.Json converter that reads and writes an <see cref="ILearningRateSchedule"/> as its spec (the format of
/// <see cref="ScheduleSpec"/>), so a schedule can be a property of a training config that is (de)serialized as a whole.
/// </summary>
/// <remarks>
/// <para>
/// Use it per property (<c>[JsonConverter(typeof(ScheduleJsonConverter))] public ILearningRateSchedule Schedule { get; init; }</c>)
/// or for every schedule (<c>options.Converters.Add(new ScheduleJsonConverter())</c>). It needs no reflection: it works
/// with source-generated contexts, trimming and Native AOT.
/// </para>
/// <para>
/// Reading accepts exactly what <see cref="ScheduleSpec.Parse(string)"/> accepts (every namespace, strict checks); an
/// invalid spec becomes a <see cref="JsonException"/> whose message names the field inside the spec and the allowed range,
/// with the <see cref="ScheduleSpecException"/> as its inner exception. JSON <c>null</c> reads as null (the serializer does
/// not call the converter for it). Writing uses <see cref="ScheduleSpec.ToJson(ILearningRateSchedule, bool)"/>; a custom
/// <see cref="ILearningRateSchedule"/> implementation has no spec and throws <see cref="ArgumentException"/>.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class ScheduleJsonConverter : JsonConverter<ILearningRateSchedule>
{
    private readonly IReadOnlyList<double>? _metrics;

    /// <summary>Creates a converter for schedules without an external metric history.</summary>
    public ScheduleJsonConverter()
    {
    }

    /// <summary>Creates a converter that gives metric-driven schedules (plateau) this metric history when their spec has none.</summary>
    /// <param name="metrics">The metric observed after each step (see <see cref="ScheduleSpec.Parse(string, IReadOnlyList{double})"/>); may be null.</param>
    public ScheduleJsonConverter(IReadOnlyList<double>? metrics)
    {
        _metrics = metrics is null ? null : [.. metrics];
    }

    /// <inheritdoc/>
    public override ILearningRateSchedule Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A schedule spec must be a JSON object with a \"type\" field; got " + reader.TokenType + ".");
        }

        using var document = JsonDocument.ParseValue(ref reader);
        try
        {
            return ScheduleSpec.Parse(document.RootElement, _metrics);
        }
        catch (ScheduleSpecException ex)
        {
            throw new JsonException("Invalid schedule spec: " + ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, ILearningRateSchedule value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ScheduleSpec.ToJsonObject(value).WriteTo(writer);
    }
}
