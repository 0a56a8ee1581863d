using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// The one-cycle policy (Smith and Topin 2018) as a closed form with PyTorch <c>OneCycleLR</c>'s phase arithmetic:
/// up from <c>MaxValue / DivFactor</c> to <see cref="MaxValue"/>, then down to
/// <c>MaxValue / DivFactor / FinalDivFactor</c>, in two phases or (with <see cref="ThreePhase"/>) three.
/// </summary>
/// <remarks>
/// <para>With <c>N = TotalSteps</c>, <c>a = PctStart * N</c>, initial <c>I = MaxValue / DivFactor</c> and minimum
/// <c>L = I / FinalDivFactor</c>, the phases end at (fractional) steps:</para>
/// <list type="bullet">
/// <item>two phases: <c>a - 1</c> (I → MaxValue), <c>N - 1</c> (MaxValue → L);</item>
/// <item>three phases: <c>a - 1</c> (I → MaxValue), <c>2a - 2</c> (MaxValue → I), <c>N - 1</c> (I → L).</item>
/// </list>
/// <para>A step belongs to the first phase whose end is <c>&gt;= step</c>; with <c>pct = (step - start) / (end - start)</c>
/// (<c>start</c> is the previous phase's end, 0 for the first) the value is
/// <c>end + (start - end) * (1 + cos(pi pct)) / 2</c> (<see cref="Interpolation.Cosine"/>) or
/// <c>start + (end - start) * pct</c> (<see cref="Interpolation.Linear"/>), clamped to the phase's two values (PyTorch's
/// rounding of the linear form can pass the end value by an ULP). Past the horizon (<c>step &gt;= N - 1</c>)
/// the value is exactly <c>L</c> forever (PyTorch raises an error past <c>N</c>).</para>
/// <para>Immutable and thread-safe. Spec type: <c>one_cycle</c>.</para>
/// </remarks>
public sealed record OneCycleSchedule : LearningRateSchedule
{
    /// <summary>Creates a one-cycle schedule.</summary>
    /// <param name="maxValue">The peak; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="totalSteps">Length of the cycle; in <c>[2, long.MaxValue]</c>.</param>
    /// <param name="pctStart">Fraction of the cycle spent rising; finite, in <c>(0, 1)</c> (below 0.5 with <paramref name="threePhase"/>), and every phase must span more than 0 steps. Default 0.3.</param>
    /// <param name="anneal">The curve of every phase. Default <see cref="Interpolation.Cosine"/>.</param>
    /// <param name="divFactor">Initial value is <c>maxValue / divFactor</c>; finite, in <c>(0, +inf)</c>. Default 25.</param>
    /// <param name="finalDivFactor">Final value is the initial value divided by this; finite, in <c>(0, +inf)</c>. Default 1e4.</param>
    /// <param name="threePhase">Whether to return to the initial value before annealing to the minimum. Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">The interpolation is undefined.</exception>
    public OneCycleSchedule(double maxValue, long totalSteps, double pctStart = 0.3, Interpolation anneal = Interpolation.Cosine, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
    {
        MaxValue = Guard.NonNegative(maxValue, nameof(maxValue));
        TotalSteps = Guard.InRange(totalSteps, 2, long.MaxValue, nameof(totalSteps));
        PctStart = Guard.InRange(pctStart, double.Epsilon, 1 - double.Epsilon, nameof(pctStart));
        if (!Enum.IsDefined(anneal))
        {
            throw Guard.Invalid(nameof(anneal), "must be Linear or Cosine; got " + (int)anneal + ".");
        }

        Anneal = anneal;
        DivFactor = Guard.Positive(divFactor, nameof(divFactor));
        FinalDivFactor = Guard.Positive(finalDivFactor, nameof(finalDivFactor));
        ThreePhase = threePhase;
        double a = pctStart * totalSteps;
        double[] ends = threePhase ? [a - 1, (2 * a) - 2, totalSteps - 1] : [a - 1, totalSteps - 1];
        for (int i = 0; i < ends.Length; i++)
        {
            double previous = i == 0 ? 0 : ends[i - 1];
            if (!(ends[i] > previous))
            {
                throw Guard.OutOfRange(nameof(pctStart), "must give every phase a positive length (phase " + i + " ends at step " + Guard.Format(ends[i]) + ", after " + Guard.Format(previous) + "); got " + Guard.Format(pctStart) + ".");
            }
        }

        // From the validated MaxValue (a -0 argument is stored as +0, so no phase value is -0).
        double initial = MaxValue / divFactor;
        double minimum = initial / finalDivFactor;
        if (!double.IsFinite(initial))
        {
            throw Guard.OutOfRange(nameof(divFactor), "must keep maxValue / divFactor finite; got " + Guard.Format(divFactor) + " with maxValue " + Guard.Format(maxValue) + ".");
        }

        if (!double.IsFinite(minimum))
        {
            throw Guard.OutOfRange(nameof(finalDivFactor), "must keep maxValue / divFactor / finalDivFactor finite; got " + Guard.Format(finalDivFactor) + ".");
        }

        PhaseEnds = new EquatableArray<double>(ends);
        PhaseValues = new EquatableArray<double>(threePhase ? [initial, MaxValue, initial, minimum] : [initial, MaxValue, minimum]);
    }

    /// <summary>The peak.</summary>
    public double MaxValue { get; }

    /// <summary>The length of the cycle.</summary>
    public long TotalSteps { get; }

    /// <summary>The fraction of the cycle spent rising.</summary>
    public double PctStart { get; }

    /// <summary>The curve of every phase.</summary>
    public Interpolation Anneal { get; }

    /// <summary>The initial value is <c>MaxValue / DivFactor</c>.</summary>
    public double DivFactor { get; }

    /// <summary>The final value is the initial value divided by this.</summary>
    public double FinalDivFactor { get; }

    /// <summary>Whether the cycle has three phases.</summary>
    public bool ThreePhase { get; }

    /// <summary>The (fractional) step at which each phase ends.</summary>
    public EquatableArray<double> PhaseEnds { get; }

    /// <summary>The value at the start of the first phase, then at the end of each phase.</summary>
    public EquatableArray<double> PhaseValues { get; }

    internal override double ValueAt(long step)
    {
        double start = 0;
        for (int i = 0; i < PhaseEnds.Count; i++)
        {
            double end = PhaseEnds[i];
            bool last = i == PhaseEnds.Count - 1;
            if (step <= end || last)
            {
                if (last && step >= end)
                {
                    return PhaseValues[i + 1];
                }

                double from = PhaseValues[i], to = PhaseValues[i + 1];
                // PyTorch's to + (from - to) / 2 * (cos(pi pct) + 1), as to + (from - to) cos^2(pi pct / 2) with
                // pct / 2 = (step - start) * (0.5 / (end - start)): the same curve, well-conditioned near its end and
                // computed by the operations the span path shares (a multiplication, not a division, per step).
                // Through Interpolant, so the value stays between the phase's two values.
                return Anneal == Interpolation.Cosine
                    ? new Interpolant(to, from).At(VectorMath.CosPiSquared((step - start) * (0.5 / (end - start))))
                    : new Interpolant(from, to).At((step - start) / (end - start));
            }

            start = end;
        }

        return PhaseValues[^1];
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    /// <summary>Phase by phase: linear phases vectorized, cosine phases (PyTorch's formula, kept bit-identical to it) scalar.</summary>
    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        if (!Kernels.Exact(firstStep, destination.Length, TotalSteps))
        {
            ScalarFill(firstStep, destination);
            return;
        }

        for (int i = 0; i < destination.Length;)
        {
            long step = firstStep + i;
            double start = 0;
            int phase = 0;
            while (phase < PhaseEnds.Count - 1 && step > PhaseEnds[phase])
            {
                start = PhaseEnds[phase];
                phase++;
            }

            double end = PhaseEnds[phase];
            bool last = phase == PhaseEnds.Count - 1;
            if (last && step >= end)
            {
                Segments.Fill(destination[i..], PhaseValues[^1]);
                return;
            }

            // The last step of the phase: step <= end, or step < end in the last phase.
            long lastStep = last ? (long)Math.Ceiling(end) - 1 : (long)Math.Floor(end);
            int run = (int)Math.Min(lastStep - step + 1, destination.Length - i);
            var segment = destination.Slice(i, run);
            double from = PhaseValues[phase], to = PhaseValues[phase + 1];
            if (Anneal == Interpolation.Linear)
            {
                Kernels.Map(new PhaseLinearOperator(start, end - start, new Interpolant(from, to)), step, 1, segment);
            }
            else
            {
                Kernels.PhaseCosine(start, end - start, from, to, step, segment);
            }

            i += run;
        }
    }
}
