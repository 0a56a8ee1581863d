namespace LrSchedules.Specs;

/// <summary>A spec type that <see cref="ScheduleSpec.Parse(string)"/> understands.</summary>
/// <param name="Name">The value of the spec's <c>type</c> field, e.g. <c>cosine</c> or <c>optax.cosine_decay_schedule</c>.</param>
/// <param name="Description">One line describing the schedule.</param>
public sealed record ScheduleTypeInfo(string Name, string Description);
