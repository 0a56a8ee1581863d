using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>reference.*</c>: reference implementations from papers, taking their own argument names. Today:
/// <c>reference.infinite_lr</c>, the infinite schedule from the experiment code of Singh et al. 2025.
/// </summary>
internal static class ReferenceSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    private static readonly (string, DecayShape)[] DecayStyles =
    [
        ("cosine_cooldown_infinite", DecayShape.Cosine),
        ("inverse_sqrt_infinite", DecayShape.InverseSqrt),
        ("constant_infinite", DecayShape.Linear),
    ];

    public static IEnumerable<SpecType> Types { get; } =
    [
        CompatSpec.ArgsOnly("reference.infinite_lr", "infinite_lr of Singh et al. 2025 (phase ends are absolute fractions of total_iterations).", a =>
        {
            long total = a.Integer("total_iterations", 2, MaxSteps);
            long task = a.Integer("current_task", 0, 0, long.MaxValue);
            var style = a.Choice("decay_style", DecayShape.Cosine, DecayStyles);
            double timescale = a.Number("timescale", 10, double.Epsilon, 1e12);
            double warmupRatio = a.Number("warmup_ratio", 0.05, 0, 1), cooldownRatio = a.Number("cooldown_ratio", 0.15, 0, 1), constantRatio = a.Number("constant_ratio", 0.8, 0, 1);
            double start = a.Number("start_lr", 1e-3, 0, double.MaxValue), constant = a.Number("constant_lr", 1e-4, 0, double.MaxValue), min = a.Number("min_lr", 1e-5, 0, double.MaxValue);

            // Python's int(T * ratio): the double product, truncated.
            long warmupEnd = (long)(total * warmupRatio), cooldownEnd = (long)(total * cooldownRatio), constantEnd = (long)(total * constantRatio);
            if (task > 0)
            {
                return a.Build(() => InfiniteSchedule.Continuing(constant, constantEnd, total - constantEnd, min), ReferenceName);
            }

            // The reference code's warmup ends at the peak (step W itself gives start_lr); with no cooldown interval
            // (int(T*cooldown_ratio) == W) the peak still holds for that one step before the constant phase.
            if (warmupEnd == cooldownEnd && cooldownEnd + 1 < constantEnd)
            {
                return a.Build(() => new InfiniteSchedule(start, warmupEnd, 1, constant, constantEnd - cooldownEnd - 1, total - constantEnd, min, style, timescale), ReferenceName);
            }

            if (!(warmupEnd >= 1 && warmupEnd < cooldownEnd && cooldownEnd < constantEnd && constantEnd < total))
            {
                throw new ScheduleSpecException(a.FieldPath("cooldown_ratio"), "the phase ends int(T*warmup_ratio) >= 1, <= int(T*cooldown_ratio) < int(T*constant_ratio) < total_iterations must hold.");
            }

            return a.Build(() => new InfiniteSchedule(start, warmupEnd, cooldownEnd - warmupEnd, constant, constantEnd - cooldownEnd, total - constantEnd, min, style, timescale), ReferenceName);
        }),
    ];

    /// <summary>The infinite_lr argument behind a native constructor parameter; the phase lengths come from the ratios.</summary>
    private static string ReferenceName(string parameter) => parameter switch
    {
        "peakValue" => "start_lr",
        "constantValue" => "constant_lr",
        "finalValue" => "min_lr",
        "timescale" => "timescale",
        _ => "constant_ratio",
    };
}
