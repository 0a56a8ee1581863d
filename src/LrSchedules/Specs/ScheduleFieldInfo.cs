namespace LrSchedules.Specs;

/// <summary>
/// One field of a spec type, as <see cref="ScheduleSpec.Parse(string)"/> reads it (see <see cref="ScheduleSpec.GetFields"/>).
/// </summary>
/// <param name="Name">The field's name; nested fields are dotted (<c>args.T_max</c>) and fields of list elements carry
/// <c>[]</c> (<c>phases[].steps</c>).</param>
/// <param name="Kind">The JSON value it takes: <c>number</c>, <c>integer</c>, <c>boolean</c>, <c>string</c>,
/// <c>number list</c>, <c>integer list</c>, <c>number or number list</c>, <c>object</c>, <c>schedule spec</c>,
/// <c>list of objects</c>, <c>list of schedule specs</c>, or <c>value</c> when the reader only checks its presence.</param>
/// <param name="Required">Whether a spec must give it.</param>
/// <param name="DefaultValue">The value used when it is absent, as JSON (<c>0.5</c>, <c>false</c>, <c>"linear"</c>), or null
/// when it has none (required, or optional with no default).</param>
/// <param name="Allowed">The values accepted, as an interval (<c>[0, +inf)</c>, <c>[1, 9223372036854775807]</c>) or a list
/// of names (<c>"linear", "cosine"</c>), or null when the field has no simple range (cross-field rules still apply).</param>
public sealed record ScheduleFieldInfo(string Name, string Kind, bool Required, string? DefaultValue, string? Allowed);
