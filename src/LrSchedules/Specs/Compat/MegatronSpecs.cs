namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>megatron.*</c>: Megatron-LM's OptimizerParamScheduler, taking the framework's own argument names, translated to native schedules.
/// </summary>
internal static class MegatronSpecs
{
    public static IEnumerable<SpecType> Types { get; } =
    [
    ];
}
