using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Inverse-time decay (Keras <c>InverseTimeDecay</c>).
/// </summary>
/// <remarks>
/// <para><c>lr(step) = InitialValue / (1 + DecayRate * p)</c> with <c>p = step / DecaySteps</c>, rounded down to an integer
/// when <see cref="Staircase"/>.</para>
/// <para>Past any horizon the value keeps falling towards 0 like <c>1 / step</c>. Immutable and thread-safe. Spec type:
/// <c>inverse_time</c>.</para>
/// </remarks>
public sealed record InverseTimeSchedule : LearningRateSchedule
{
    /// <summary>Creates an inverse-time schedule.</summary>
    /// <param name="initialValue">Value at step 0; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="decayRate">Rate of the decay; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="decaySteps">Steps per unit of <c>p</c>; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="staircase">Whether <c>p</c> is rounded down to an integer. Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public InverseTimeSchedule(double initialValue, double decayRate, long decaySteps, bool staircase = false)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        DecayRate = Guard.NonNegative(decayRate, nameof(decayRate));
        DecaySteps = Guard.Positive(decaySteps, nameof(decaySteps));
        Staircase = staircase;
    }

    /// <summary>The value at step 0.</summary>
    public double InitialValue { get; }

    /// <summary>The rate of the decay.</summary>
    public double DecayRate { get; }

    /// <summary>Steps per unit of <c>p</c>.</summary>
    public long DecaySteps { get; }

    /// <summary>Whether <c>p</c> is rounded down to an integer.</summary>
    public bool Staircase { get; }

    internal override double ValueAt(long step)
    {
        double p = Staircase ? step / DecaySteps : step / (double)DecaySteps;
        return InitialValue / (1 + (DecayRate * p));
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        if (Staircase)
        {
            // Piecewise constant: one value per stair.
            for (int i = 0; i < destination.Length;)
            {
                long step = firstStep + i;
                int run = (int)Math.Min(DecaySteps - (step % DecaySteps), destination.Length - i);
                Segments.Fill(destination.Slice(i, run), ValueAt(step));
                i += run;
            }
        }
        else if (Kernels.Exact(firstStep, destination.Length, DecaySteps))
        {
            Kernels.Map(new InverseTimeOperator(InitialValue, DecayRate, DecaySteps), firstStep, 1, destination);
        }
        else
        {
            ScalarFill(firstStep, destination);
        }
    }
}
