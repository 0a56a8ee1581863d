using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// A linear ramp from <see cref="InitialValue"/> to <see cref="FinalValue"/> over <see cref="TransitionSteps"/> steps,
/// starting at <see cref="TransitionBegin"/> (optax <c>linear_schedule</c>).
/// </summary>
/// <remarks>
/// <para>With <c>t = step - TransitionBegin</c> and <c>T = TransitionSteps</c>:</para>
/// <list type="bullet">
/// <item><c>t &lt;= 0</c>: <c>InitialValue</c>;</item>
/// <item><c>0 &lt; t &lt; T</c>: <c>InitialValue + (FinalValue - InitialValue) * t / T</c>, evaluated from the smaller value
/// with the weight of the larger (<c>FinalValue + (InitialValue - FinalValue) * ((T - t) / T)</c> for a decay,
/// <c>InitialValue + (FinalValue - InitialValue) * (t / T)</c> for a rise) and clamped to the two values, so it is
/// monotone and never leaves <c>[min, max]</c> of the two (nor overflows next to <see cref="double.MaxValue"/>);</item>
/// <item><c>t &gt;= T</c> (past the horizon): <c>FinalValue</c>, exactly, forever.</item>
/// </list>
/// <para>The ramp may go up (warmup) or down (decay). Immutable and thread-safe. Spec type: <c>linear</c>.</para>
/// </remarks>
public sealed record LinearSchedule : LearningRateSchedule
{
    /// <summary>Creates a linear schedule.</summary>
    /// <param name="initialValue">Value up to and at <c>TransitionBegin</c>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="finalValue">Value from <c>TransitionBegin + TransitionSteps</c> on; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="transitionSteps">Length of the ramp in steps; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="transitionBegin">Step at which the ramp starts; in <c>[0, long.MaxValue]</c>. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public LinearSchedule(double initialValue, double finalValue, long transitionSteps, long transitionBegin = 0)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        FinalValue = Guard.NonNegative(finalValue, nameof(finalValue));
        TransitionSteps = Guard.Positive(transitionSteps, nameof(transitionSteps));
        TransitionBegin = Guard.NonNegative(transitionBegin, nameof(transitionBegin));
    }

    /// <summary>The value up to and at <see cref="TransitionBegin"/>.</summary>
    public double InitialValue { get; }

    /// <summary>The value from <c>TransitionBegin + TransitionSteps</c> on.</summary>
    public double FinalValue { get; }

    /// <summary>The length of the ramp in steps.</summary>
    public long TransitionSteps { get; }

    /// <summary>The step at which the ramp starts.</summary>
    public long TransitionBegin { get; }

    internal override double ValueAt(long step)
    {
        if (step <= TransitionBegin)
        {
            return InitialValue;
        }

        long t = step - TransitionBegin;
        // Stryker disable once all : equivalent, the interpolation saturates at FinalValue for t >= TransitionSteps (this skips its division).
        return t >= TransitionSteps ? FinalValue : Numerics.Lerp(InitialValue, FinalValue, t, TransitionSteps);
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        // [.., TransitionBegin]: initial; (TransitionBegin, TransitionBegin + T): the ramp; then final.
        int before = firstStep > TransitionBegin ? 0 : (int)Math.Min(TransitionBegin - firstStep + 1, destination.Length);
        Segments.Fill(destination[..before], InitialValue);

        // A ramp that ends past long.MaxValue covers every remaining step (long.MaxValue itself included).
        // Stryker disable once all : equivalent, a ramp segment that runs past the ramp's end gives FinalValue there too (the interpolation saturates); this only sizes the final fill.
        int ramp = TransitionSteps > long.MaxValue - TransitionBegin
            ? destination.Length - before
            : Segments.LengthBefore(firstStep + before, TransitionBegin + TransitionSteps, destination.Length - before);
        long t0 = firstStep + before - TransitionBegin;
        var chunk = destination.Slice(before, ramp);
        if (Kernels.Exact(t0, ramp, TransitionSteps))
        {
            Kernels.Lerp(InitialValue, FinalValue, t0, TransitionSteps, chunk);
        }
        else
        {
            ScalarFill(t0 + TransitionBegin, chunk);
        }

        Segments.Fill(destination[(before + ramp)..], FinalValue);
    }
}
