namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>composer.*</c>: Composer's composer/optim/scheduler.py schedulers, taking the framework's own argument names, translated to native schedules.
/// </summary>
internal static class ComposerSpecs
{
    public static IEnumerable<SpecType> Types { get; } =
    [
    ];
}
