namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>mxnet.*</c>: MXNet's mxnet.lr_scheduler schedulers, taking the framework's own argument names, translated to native schedules.
/// </summary>
internal static class MxnetSpecs
{
    public static IEnumerable<SpecType> Types { get; } =
    [
    ];
}
