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
/// <para>
/// With <see cref="Arithmetic"/> = <see cref="Schedules.Arithmetic.SinglePrecision"/> the formula runs in float32, in the operation order
/// of ML.NET's <c>PolynomialLRDecay</c>: with <c>I = (float)InitialValue</c>, <c>F = (float)FinalValue</c>, <c>T = DecaySteps</c>
/// and <c>t</c> as above, <c>x = 1 - (float)t / ((float)T * (float)ceil((double)t / T))</c> when <see cref="Cycle"/> and
/// <c>t &gt; T</c>, else <c>x = 1 - (float)min(t, T) / (float)T</c> (float divisions and subtractions);
/// <c>w = (float)Math.Pow(max(x, 0), (float)Power)</c> and <c>lr = (I - F) * w + F</c>, each operation rounded to float.
/// The value is that float widened to <see cref="double"/>; unlike the double form it is not clamped to
/// <c>[min(I, F), max(I, F)]</c>, so it can lie up to two float ULPs of <c>max(I, F)</c> outside, as ML.NET's does. (<c>max(x, 0)</c> only matters past 2^24 steps, where the float quotient can exceed 1 and ML.NET's
/// power would be NaN.)
/// </para>
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
    /// <param name="arithmetic">The arithmetic of the formula: <see cref="Schedules.Arithmetic.DoublePrecision"/> (default) or
    /// <see cref="Schedules.Arithmetic.SinglePrecision"/> (float32, ML.NET's operation order; <paramref name="initialValue"/>,
    /// <paramref name="finalValue"/> and <paramref name="power"/> then at most <see cref="float.MaxValue"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException"><paramref name="arithmetic"/> is not a defined value.</exception>
    public PolynomialSchedule(double initialValue, double finalValue, long decaySteps, double power = 1, long transitionBegin = 0, bool cycle = false, Arithmetic arithmetic = Arithmetic.DoublePrecision)
    {
        if (!Enum.IsDefined(arithmetic))
        {
            throw Guard.Invalid(nameof(arithmetic), "must be DoublePrecision or SinglePrecision; got " + (int)arithmetic + ".");
        }

        Arithmetic = arithmetic;
        bool single = arithmetic == Arithmetic.SinglePrecision;
        InitialValue = Guard.SingleRange(Guard.NonNegative(initialValue, nameof(initialValue)), single, nameof(initialValue));
        FinalValue = Guard.SingleRange(Guard.NonNegative(finalValue, nameof(finalValue)), single, nameof(finalValue));
        DecaySteps = Guard.Positive(decaySteps, nameof(decaySteps));
        Power = Guard.SingleRange(Guard.Positive(power, nameof(power)), single, nameof(power));
        _anchoredPower = new AnchoredPower(Power, new Interpolant(FinalValue, InitialValue), InitialValue);
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

    /// <summary>The weight of a power without a multiplication form (<see cref="AnchoredPower"/>).</summary>
    private readonly AnchoredPower _anchoredPower;

    /// <summary>The step at which the decay starts.</summary>
    public long TransitionBegin { get; }

    /// <summary>Whether the decay restarts Keras-style after each multiple of <see cref="DecaySteps"/>.</summary>
    public bool Cycle { get; }

    /// <summary>The arithmetic of the formula (<see cref="Schedules.Arithmetic.SinglePrecision"/>: float32 in ML.NET's operation order).</summary>
    public Arithmetic Arithmetic { get; }

    internal override double ValueAt(long step)
    {
        long t = step <= TransitionBegin ? 0 : step - TransitionBegin;
        if (Arithmetic == Arithmetic.SinglePrecision)
        {
            return SingleValue(SingleBase(t));
        }

        // The weight (k / horizon)^power at the position k = horizon - t.
        double k, horizon;
        if (!Cycle || t <= DecaySteps)
        {
            if (t >= DecaySteps)
            {
                return FinalValue;
            }

            (k, horizon) = (DecaySteps - t, DecaySteps);
        }
        else
        {
            // D = T * ceil(t / T) >= t; D - t = (T - t mod T) mod T is exact, D itself may exceed long.
            long r = t % DecaySteps;
            double multiplier = (t / DecaySteps) + (r == 0 ? 0 : 1);
            (k, horizon) = (r == 0 ? 0 : DecaySteps - r, multiplier * DecaySteps);
        }

        // Powers 1..4 and 1/2 through multiplications or a square root, others through AnchoredPower: what the span
        // operator repeats lane by lane.
        if (Numerics.SmallPowerCode(Power) == -1 && _anchoredPower.TryValue(k, horizon, out double anchored))
        {
            return anchored;
        }

        double w = Numerics.SmallPower(k / horizon, Power);
        // (InitialValue - FinalValue) + FinalValue can differ from InitialValue in the last bit. Through Interpolant, so
        // the value stays between the two.
        return w == 1 ? InitialValue : new Interpolant(FinalValue, InitialValue).At(w);
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    /// <summary>The float32 base <c>x</c> of the power at <c>t</c> (see the remarks).</summary>
    private float SingleBase(long t)
    {
        if (Cycle && t > DecaySteps)
        {
            float horizon = (float)DecaySteps * (float)Math.Ceiling((double)t / DecaySteps);
            return 1 - ((float)t / horizon);
        }

        return 1 - ((float)Math.Min(t, DecaySteps) / (float)DecaySteps);
    }

    /// <summary>The float32 value for the base <paramref name="x"/>: <c>(I - F) * (float)Math.Pow(max(x, 0), (float)Power) + F</c>.</summary>
    private float SingleValue(float x)
    {
        float initial = (float)InitialValue, final = (float)FinalValue;
        float w = (float)Math.Pow(Math.Max(x, 0f), (float)Power);
        float v = ((initial - final) * w) + final;
        return Math.Min(v, float.MaxValue);
    }

    /// <summary>The float32 span: one power per distinct base (one fill past the end without <see cref="Cycle"/>), as <see cref="ValueAt"/> computes it.</summary>
    private void SingleFill<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        float previous = float.NaN;
        float value = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            long step = firstStep + i;
            long t = step <= TransitionBegin ? 0 : step - TransitionBegin;
            if (!Cycle && t >= DecaySteps)
            {
                Segments.Fill(destination[i..], SingleValue(SingleBase(DecaySteps)));
                return;
            }

            float x = SingleBase(t);
            if (!x.Equals(previous))
            {
                value = SingleValue(x);
                previous = x;
            }

            Segments.Set(destination, i, value);
        }
    }

    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        if (Arithmetic == Arithmetic.SinglePrecision)
        {
            SingleFill(firstStep, destination);
            return;
        }

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
            // Without Cycle, 1 <= t < T here (t = T is the fill above), so k0 = T - t > 0.
            int run = (int)Math.Min(k0 + 1, rest.Length);
            var segment = rest[..run];
            double horizon = m == 1 ? DecaySteps : (double)m * DecaySteps;
            if (Kernels.Exact(t, run, DecaySteps))
            {
                Kernels.MapPower(new PolynomialOperator(horizon, code, Power, ends, InitialValue), k0, segment);
            }
            else
            {
                ScalarFill(firstStep + i, segment);
            }

            i += run;
        }
    }
}
