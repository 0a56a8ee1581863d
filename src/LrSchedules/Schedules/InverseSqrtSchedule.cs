using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Inverse-square-root decay with a timescale and a shift (big_vision's <c>rsqrt</c>, HF <c>get_inverse_sqrt_schedule</c>
/// after its warmup).
/// </summary>
/// <remarks>
/// <para>
/// <c>lr(step) = InitialValue / sqrt((step + Shift) / Timescale)</c>, computed as
/// <c>InitialValue * sqrt(Timescale / (step + Shift))</c> (one division and one square root, each correctly rounded: within
/// about 1.5 ULP of the exact value, and exactly <c>InitialValue</c> where <c>step + Shift = Timescale</c>).
/// </para>
/// <para>
/// With the default <c>Shift = Timescale</c> the value at step 0 is <c>InitialValue</c> and it halves after
/// <c>3 * Timescale</c> steps. Wrapped in a warmup of <c>W</c> steps this is big_vision's <c>rsqrt</c> with its
/// <c>shift = timescale - W</c> (that shift is on the global clock; here the clock starts when warmup ends). Past any horizon
/// the value keeps falling like <c>1 / sqrt(step)</c>. Immutable and thread-safe. Spec type: <c>inverse_sqrt</c>.
/// </para>
/// </remarks>
public sealed record InverseSqrtSchedule : LearningRateSchedule
{
    /// <summary>Creates an inverse-square-root schedule.</summary>
    /// <param name="initialValue">Scale of the curve (the value at <c>step = Timescale - Shift</c>); finite, in <c>[0, +inf)</c>.</param>
    /// <param name="timescale">Steps over which the curve is measured; finite, in <c>(0, +inf)</c>.</param>
    /// <param name="shift">Offset added to the step; finite, in <c>(0, +inf)</c>. Default: <paramref name="timescale"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public InverseSqrtSchedule(double initialValue, double timescale, double? shift = null)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        Timescale = Guard.Positive(timescale, nameof(timescale));
        Shift = Guard.Positive(shift ?? timescale, nameof(shift));
        if (!double.IsFinite(InitialValue * Math.Sqrt(Timescale / Shift)))
        {
            throw Guard.OutOfRange(nameof(shift), "must keep the value at step 0 finite; initialValue / sqrt(shift / timescale) overflows.");
        }
    }

    /// <summary>The scale of the curve.</summary>
    public double InitialValue { get; }

    /// <summary>The timescale in steps.</summary>
    public double Timescale { get; }

    /// <summary>The offset added to the step.</summary>
    public double Shift { get; }

    internal override double ValueAt(long step) => InitialValue * Math.Sqrt(Timescale / (step + Shift));

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        if (Kernels.Exact(firstStep, destination.Length, 0))
        {
            Kernels.Map(new InverseSqrtOperator(InitialValue, Shift, Timescale), firstStep, 1, destination);
        }
        else
        {
            ScalarFill(firstStep, destination);
        }
    }
}
