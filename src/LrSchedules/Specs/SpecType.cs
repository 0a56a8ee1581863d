namespace LrSchedules.Specs;

/// <summary>One entry of the spec table: a <c>type</c> name, its description and how to read it.</summary>
/// <param name="Name">The value of the <c>type</c> field.</param>
/// <param name="Description">One line for <c>lrs list</c>.</param>
/// <param name="Read">Builds the schedule from the spec object (which still holds its <c>type</c> field).</param>
internal sealed record SpecType(string Name, string Description, Func<SpecObject, ILearningRateSchedule> Read);
