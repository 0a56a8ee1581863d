using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Cyclical learning rates (Smith 2017) as a closed form of PyTorch <c>CyclicLR</c>: a triangle between
/// <see cref="BaseValue"/> and <see cref="MaxValue"/> that rises for <see cref="StepsUp"/> steps and falls for
/// <see cref="StepsDown"/>, with a per-cycle or per-step amplitude policy.
/// </summary>
/// <remarks>
/// <para>With <c>C = StepsUp + StepsDown</c>, <c>pos = step mod C</c> and <c>cycle = step / C + 1</c> (integer arithmetic):
/// <c>s = pos / StepsUp</c> if <c>pos &lt;= StepsUp</c>, else <c>(C - pos) / StepsDown</c>; then
/// <c>lr = BaseValue + (MaxValue - BaseValue) * s * scale</c>, where <c>scale</c> is 1 (<see cref="CyclicMode.Triangular"/>),
/// <c>1 / 2^(cycle - 1)</c> (<see cref="CyclicMode.Triangular2"/>) or <c>Gamma^step</c> (<see cref="CyclicMode.ExpRange"/>).</para>
/// <para>With <see cref="CycleDecay"/> <c>d</c> below 1, cycle <c>c = step / C</c> (from 0) runs between
/// <c>B_c = BaseValue * d^c</c> (when <see cref="DecayBase"/>; else <c>BaseValue</c>) and <c>M_c = MaxValue * d^c</c>:
/// <c>lr = B_c + (M_c - B_c) * s * scale</c>, clamped between the two (fairseq <c>triangular</c>'s <c>lr_shrink</c> and
/// <c>shrink_min</c>; when <c>M_c</c> falls below <c>B_c</c> the triangle points down, as fairseq's does).</para>
/// <para>The schedule has no horizon: it cycles forever (with decaying amplitude for the last two modes). Immutable and
/// thread-safe. Spec type: <c>cyclic</c>.</para>
/// </remarks>
public sealed record CyclicSchedule : LearningRateSchedule
{
    /// <summary>Creates a cyclic schedule.</summary>
    /// <param name="baseValue">Bottom of the triangle; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="maxValue">Top of the triangle; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="stepsUp">Steps of the rising half; in <c>[1, long.MaxValue / 2]</c>.</param>
    /// <param name="stepsDown">Steps of the falling half; in <c>[1, long.MaxValue / 2]</c>, or null for <paramref name="stepsUp"/>.</param>
    /// <param name="mode">The amplitude policy. Default <see cref="CyclicMode.Triangular"/>.</param>
    /// <param name="gamma">Per-step factor of <see cref="CyclicMode.ExpRange"/>; finite, in <c>(0, 1]</c>. Default 1.</param>
    /// <param name="cycleDecay">Factor applied per cycle to <paramref name="maxValue"/> (and to <paramref name="baseValue"/>
    /// with <paramref name="decayBase"/>); finite, in <c>[0, 1]</c>. Default 1 (no decay).</param>
    /// <param name="decayBase">Whether <paramref name="cycleDecay"/> also multiplies <paramref name="baseValue"/>. Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">The mode is undefined.</exception>
    public CyclicSchedule(double baseValue, double maxValue, long stepsUp, long? stepsDown = null, CyclicMode mode = CyclicMode.Triangular, double gamma = 1, double cycleDecay = 1, bool decayBase = false)
    {
        BaseValue = Guard.NonNegative(baseValue, nameof(baseValue));
        MaxValue = Guard.NonNegative(maxValue, nameof(maxValue));
        StepsUp = Guard.InRange(stepsUp, 1, long.MaxValue / 2, nameof(stepsUp));
        StepsDown = Guard.InRange(stepsDown ?? stepsUp, 1, long.MaxValue / 2, nameof(stepsDown));
        if (!Enum.IsDefined(mode))
        {
            throw Guard.Invalid(nameof(mode), "must be Triangular, Triangular2 or ExpRange; got " + (int)mode + ".");
        }

        Mode = mode;
        Gamma = Guard.InRange(gamma, double.Epsilon, 1, nameof(gamma));
        CycleDecay = Guard.InRange(cycleDecay, 0, 1, nameof(cycleDecay));
        DecayBase = decayBase;
    }

    /// <summary>Factor applied per cycle to <see cref="MaxValue"/> (and to <see cref="BaseValue"/> with <see cref="DecayBase"/>).</summary>
    public double CycleDecay { get; }

    /// <summary>Whether <see cref="CycleDecay"/> also multiplies <see cref="BaseValue"/>.</summary>
    public bool DecayBase { get; }

    /// <summary>The bottom of the triangle.</summary>
    public double BaseValue { get; }

    /// <summary>The top of the triangle.</summary>
    public double MaxValue { get; }

    /// <summary>Steps of the rising half.</summary>
    public long StepsUp { get; }

    /// <summary>Steps of the falling half.</summary>
    public long StepsDown { get; }

    /// <summary>The amplitude policy.</summary>
    public CyclicMode Mode { get; }

    /// <summary>Per-step factor of <see cref="CyclicMode.ExpRange"/>.</summary>
    public double Gamma { get; }

    internal override double ValueAt(long step)
    {
        long total = StepsUp + StepsDown;
        long pos = step % total;
        // Stryker disable once Equality : equivalent, at pos = StepsUp both ramps give the fraction 1 exactly.
        double s = pos <= StepsUp ? pos / (double)StepsUp : (total - pos) / (double)StepsDown;
        double scale = Mode switch
        {
            CyclicMode.Triangular => 1,
            CyclicMode.Triangular2 => Math.Pow(2, -(double)(step / total)),
            // gamma^step through the shared 2^y kernel (the span path's operations).
            _ => VectorMath.Exp2(step * Math.Log2(Gamma)),
        };
        // Clamped by Interpolant between the base and the top, so rounding never leaves the triangle.
        var (bottom, top) = Ends(step / total);
        return new Interpolant(bottom, top).Clamp(bottom + ((top - bottom) * s * scale));
    }

    /// <summary>The base and top of cycle <paramref name="cycle"/> (from 0): exactly the values when <see cref="CycleDecay"/> is 1.</summary>
    private (double Bottom, double Top) Ends(long cycle)
    {
        // Stryker disable once Block : equivalent, with CycleDecay 1 the general form multiplies by 1^cycle = 1 exactly (this skips the power).
        if (CycleDecay == 1)
        {
            return (BaseValue, MaxValue);
        }

        double f = Math.Pow(CycleDecay, cycle);
        return (DecayBase ? BaseValue * f : BaseValue, MaxValue * f);
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    /// <summary>
    /// Ramp by ramp for the triangular modes (the scale is constant over a cycle: 1, or an exact power of 2); the
    /// exp-range mode (a per-step power of gamma) stays scalar.
    /// </summary>
    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        long total = StepsUp + StepsDown;
        if (!Kernels.Exact(firstStep, destination.Length, total))
        {
            ScalarFill(firstStep, destination);
            return;
        }

        for (int i = 0; i < destination.Length;)
        {
            long step = firstStep + i;
            long pos = step % total;
            var (bottom, top) = Ends(step / total);
            double range = top - bottom;
            double scale = Mode == CyclicMode.Triangular2 ? Math.Pow(2, -(double)(step / total)) : 1;
            int run;
            long cycleStart = step - pos;
            // Stryker disable once Equality : equivalent, the top of a cycle is the same value on either ramp (and patched to the scalar value).
            if (pos <= StepsUp)
            {
                run = (int)Math.Min(StepsUp - pos + 1, destination.Length - i);
                Ramp(StepsUp, bottom, top, range, scale, cycleStart, 1, pos, destination.Slice(i, run));
            }
            else
            {
                run = (int)Math.Min(total - pos, destination.Length - i);
                Ramp(StepsDown, bottom, top, range, scale, cycleStart + total, -1, total - pos, destination.Slice(i, run));
            }

            i += run;
        }
    }

    /// <summary>
    /// One ramp at positions <c>k0, k0 + d, ...</c> (<c>k / den</c> of the way up), the step being <c>stepBase + d k</c>:
    /// a constant per-cycle scale, or (exp-range) <c>gamma^step</c> per element.
    /// </summary>
    private void Ramp<T>(long den, double bottom, double top, double range, double scale, long stepBase, int direction, long k0, Span<T> segment)
        where T : unmanaged
    {
        if (Mode == CyclicMode.ExpRange)
        {
            Kernels.Map(new ExpRangeRampOperator(den, range, bottom, stepBase, direction, Math.Log2(Gamma), new Interpolant(bottom, top)), k0, direction, segment);
            // The top of the ramp is a phase boundary, which the float lanes may round differently.
            PatchExact(stepBase + (direction * k0), segment, stepBase + (direction * den));
        }
        else
        {
            Kernels.Map(new RampOperator(den, range, scale, bottom, new Interpolant(bottom, top)), k0, direction, segment);
        }
    }
}
