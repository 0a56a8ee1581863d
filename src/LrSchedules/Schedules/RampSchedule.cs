using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// An unbounded linear (or staircase) ramp: the learning rate grows by <see cref="Rate"/> times
/// <see cref="InitialValue"/> every <see cref="StepSize"/> steps, forever (DeepSpeed's <c>LRRangeTest</c>, the
/// learning-rate range test of Smith 2018; DeepSpeed <c>OneCycle</c>'s post-cycle momentum growth).
/// </summary>
/// <remarks>
/// <para><c>lr(step) = min(double.MaxValue, InitialValue * (1 + Rate * p))</c> with <c>p = step / StepSize</c>, rounded
/// down to an integer (<c>floor(step / StepSize)</c>, exactly) when <see cref="Staircase"/>. So <c>lr(0) = InitialValue</c>
/// and the value is non-decreasing in the step.</para>
/// <para>Saturation: the ramp has no horizon and no cap, so where the exact value would exceed the double range (a huge
/// <see cref="Rate"/> or <see cref="InitialValue"/>, or a step near <c>long.MaxValue</c>) the value is
/// <see cref="double.MaxValue"/>, never an infinity. An <see cref="InitialValue"/> or a <see cref="Rate"/> of 0 gives the
/// constant <see cref="InitialValue"/>. Immutable and thread-safe. Spec type: <c>ramp</c>.</para>
/// </remarks>
public sealed record RampSchedule : LearningRateSchedule
{
    /// <summary>Creates an unbounded ramp.</summary>
    /// <param name="initialValue">Value at step 0; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="rate">Growth per <paramref name="stepSize"/> steps, as a multiple of <paramref name="initialValue"/>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="stepSize">Steps per unit of <c>p</c>; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="staircase">Whether <c>p</c> is rounded down to an integer (the value changes every <paramref name="stepSize"/> steps). Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public RampSchedule(double initialValue, double rate, long stepSize, bool staircase = false)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        Rate = Guard.NonNegative(rate, nameof(rate));
        StepSize = Guard.Positive(stepSize, nameof(stepSize));
        Staircase = staircase;
    }

    /// <summary>The value at step 0.</summary>
    public double InitialValue { get; }

    /// <summary>The growth per <see cref="StepSize"/> steps, as a multiple of <see cref="InitialValue"/>.</summary>
    public double Rate { get; }

    /// <summary>Steps per unit of <c>p</c>.</summary>
    public long StepSize { get; }

    /// <summary>Whether <c>p</c> is rounded down to an integer.</summary>
    public bool Staircase { get; }

    /// <summary>Whether the ramp is flat (a zero start or rate): then <c>0 * inf</c> must not arise.</summary>
    private bool Flat => InitialValue == 0 || Rate == 0;

    internal override double ValueAt(long step)
    {
        if (Flat)
        {
            return InitialValue;
        }

        double p = Staircase ? step / StepSize : step / (double)StepSize;

        // Both factors are positive (the second possibly +inf), so the product is positive or +inf, never NaN.
        return Math.Min(double.MaxValue, InitialValue * (1 + (Rate * p)));
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        if (Flat)
        {
            Segments.Fill(destination, InitialValue);
        }
        else if (Staircase)
        {
            // Piecewise constant: one value per stair.
            for (int i = 0; i < destination.Length;)
            {
                long step = firstStep + i;
                int run = (int)Math.Min(StepSize - (step % StepSize), destination.Length - i);
                Segments.Fill(destination.Slice(i, run), ValueAt(step));
                i += run;
            }
        }
        else if (Kernels.Exact(firstStep, destination.Length, StepSize))
        {
            Kernels.Map(new UnboundedRampOperator(InitialValue, Rate, StepSize), firstStep, 1, destination);
        }
        else
        {
            ScalarFill(firstStep, destination);
        }
    }
}
