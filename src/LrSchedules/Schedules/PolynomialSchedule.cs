using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Polynomial decay from <see cref="InitialValue"/> to <see cref="FinalValue"/> over <see cref="DecaySteps"/> steps
/// (optax <c>polynomial_schedule</c>, Keras <c>PolynomialDecay</c> including its <c>cycle</c> option, HF's polynomial decay).
/// </summary>
/// <remarks>
/// <para>With <c>T = DecaySteps</c> and <c>t = max(0, step - TransitionBegin)</c>:</para>
/// <list type="bullet">
/// <item>without <see cref="Cycle"/>: <c>t' = min(t, T)</c>, <c>lr = (InitialValue - FinalValue) * ((T - t') / T)^Power + FinalValue</c>;
/// past the horizon the value is <c>FinalValue</c>, exactly, forever;</item>
/// <item>with <see cref="Cycle"/> (Keras): <c>D = T * max(1, ceil(t / T))</c>,
/// <c>lr = (InitialValue - FinalValue) * ((D - t) / D)^Power + FinalValue</c>; the horizon stretches to the next
/// multiple of <c>T</c>, so the value jumps up right after each multiple of <c>T</c> and decays towards
/// <c>FinalValue</c> again.</item>
/// </list>
/// <para>Immutable and thread-safe. Spec type: <c>polynomial</c>.</para>
/// </remarks>
public sealed record PolynomialSchedule : LearningRateSchedule
{
    /// <summary>Creates a polynomial schedule.</summary>
    /// <param name="initialValue">Value up to and at <paramref name="transitionBegin"/>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="finalValue">Value at the end of the decay; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="decaySteps">Length of the decay in steps; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="power">Exponent of the decay; finite, in <c>(0, +inf)</c>. Default 1 (linear).</param>
    /// <param name="transitionBegin">Step at which the decay starts; in <c>[0, long.MaxValue]</c>. Default 0.</param>
    /// <param name="cycle">Whether to restart the decay Keras-style after each multiple of <paramref name="decaySteps"/>. Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public PolynomialSchedule(double initialValue, double finalValue, long decaySteps, double power = 1, long transitionBegin = 0, bool cycle = false)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        FinalValue = Guard.NonNegative(finalValue, nameof(finalValue));
        DecaySteps = Guard.Positive(decaySteps, nameof(decaySteps));
        Power = Guard.Positive(power, nameof(power));
        TransitionBegin = Guard.NonNegative(transitionBegin, nameof(transitionBegin));
        Cycle = cycle;
    }

    /// <summary>The value up to and at <see cref="TransitionBegin"/>.</summary>
    public double InitialValue { get; }

    /// <summary>The value at the end of the decay.</summary>
    public double FinalValue { get; }

    /// <summary>The length of the decay in steps.</summary>
    public long DecaySteps { get; }

    /// <summary>The exponent of the decay.</summary>
    public double Power { get; }

    /// <summary>The step at which the decay starts.</summary>
    public long TransitionBegin { get; }

    /// <summary>Whether the decay restarts Keras-style after each multiple of <see cref="DecaySteps"/>.</summary>
    public bool Cycle { get; }

    internal override double ValueAt(long step)
    {
        long t = step <= TransitionBegin ? 0 : step - TransitionBegin;
        double fraction;
        if (!Cycle || t <= DecaySteps)
        {
            if (t >= DecaySteps)
            {
                return FinalValue;
            }

            fraction = (DecaySteps - t) / (double)DecaySteps;
        }
        else
        {
            // D = T * ceil(t / T) >= t; D - t = (T - t mod T) mod T is exact, D itself may exceed long.
            long r = t % DecaySteps;
            double multiplier = (t / DecaySteps) + (r == 0 ? 0 : 1);
            double horizon = multiplier * DecaySteps;
            fraction = r == 0 ? 0 : (DecaySteps - r) / horizon;
        }

        // Powers 1..4 and 1/2 through multiplications or a square root, others as 2^(p log2 x) through the shared
        // kernels: what the span operator repeats lane by lane.
        double w = Numerics.SmallPower(fraction, Power);
        // (InitialValue - FinalValue) + FinalValue can differ from InitialValue in the last bit. Through Interpolant, so
        // the value stays between the two.
        return w == 1 ? InitialValue : new Interpolant(FinalValue, InitialValue).At(w);
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        int code = Numerics.SmallPowerCode(Power);
        // Up to and at TransitionBegin (t = 0): the initial value (written without TransitionBegin + 1, which may overflow).
        int head = firstStep > TransitionBegin ? 0 : (int)Math.Min(TransitionBegin - firstStep, destination.Length - 1) + 1;
        Segments.Fill(destination[..head], InitialValue);
        int i = head;
        var ends = new Interpolant(FinalValue, InitialValue);
        while (i < destination.Length)
        {
            long t = firstStep + i - TransitionBegin;
            var rest = destination[i..];
            if (!Cycle && t >= DecaySteps)
            {
                Segments.Fill(rest, FinalValue);
                return;
            }

            // The cycle holding t: (m - 1) T < t <= m T (the first one also without Cycle), fraction (m T - t) / (m T).
            long m = (t / DecaySteps) + (t % DecaySteps == 0 ? 0 : 1);
            long k0 = (DecaySteps - (t % DecaySteps)) % DecaySteps;
            int run = (int)Math.Min(k0 + 1, rest.Length);
            if (!Cycle && k0 == 0)
            {
                // t = T without Cycle: exactly the final value.
                Segments.Fill(rest[..1], FinalValue);
                i++;
                continue;
            }

            var segment = rest[..run];
            double horizon = m == 1 ? DecaySteps : (double)m * DecaySteps;
            if (Kernels.Exact(t, run, DecaySteps))
            {
                Kernels.Map(new PolynomialOperator(horizon, code, Power, ends, InitialValue), k0, -1, segment);
            }
            else
            {
                ScalarFill(firstStep + i, segment);
            }

            i += run;
        }
    }
}
