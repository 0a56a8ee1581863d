namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>fairseq.*</c>: fairseq's registered --lr-scheduler names, taking the framework's own argument names, translated to native schedules.
/// </summary>
internal static class FairseqSpecs
{
    public static IEnumerable<SpecType> Types { get; } =
    [
    ];
}
