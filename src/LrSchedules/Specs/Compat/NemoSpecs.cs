namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>nemo.*</c>: NeMo's nemo/core/optim/lr_scheduler.py policies, taking the framework's own argument names, translated to native schedules.
/// </summary>
internal static class NemoSpecs
{
    public static IEnumerable<SpecType> Types { get; } =
    [
    ];
}
