namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>mlnet.*</c>: ML.NET's LearningRateScheduler decays (float32), taking the framework's own argument names, translated to native schedules.
/// </summary>
internal static class MlnetSpecs
{
    public static IEnumerable<SpecType> Types { get; } =
    [
    ];
}
