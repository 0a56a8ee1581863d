namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>deepspeed.*</c>: DeepSpeed's deepspeed/runtime/lr_schedules.py schedulers (the params of a ds_config scheduler section), taking the framework's own argument names, translated to native schedules.
/// </summary>
internal static class DeepSpeedSpecs
{
    public static IEnumerable<SpecType> Types { get; } =
    [
    ];
}
