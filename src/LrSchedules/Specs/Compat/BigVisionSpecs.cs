namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>big_vision.*</c>: big_vision's create_learning_rate_schedule, taking the framework's own argument names, translated to native schedules.
/// </summary>
internal static class BigVisionSpecs
{
    public static IEnumerable<SpecType> Types { get; } =
    [
    ];
}
