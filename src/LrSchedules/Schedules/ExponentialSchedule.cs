using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Exponential decay (or growth) by <see cref="DecayRate"/> every <see cref="TransitionSteps"/> steps, starting at
/// <see cref="TransitionBegin"/>, optionally in whole stairs and bounded by <see cref="EndValue"/> (optax
/// <c>exponential_decay</c>, Keras <c>ExponentialDecay</c>).
/// </summary>
/// <remarks>
/// <para>With <c>t = step - TransitionBegin</c> and <c>p = t / TransitionSteps</c> (rounded down to an integer when
/// <see cref="Staircase"/>):</para>
/// <list type="bullet">
/// <item><c>t &lt;= 0</c>: <c>InitialValue</c>;</item>
/// <item>otherwise <c>v = InitialValue * DecayRate^p</c>, then, when <see cref="EndValue"/> is set, <c>max(v, EndValue)</c> if
/// <c>DecayRate &lt; 1</c> (a floor) or <c>min(v, EndValue)</c> if <c>DecayRate &gt; 1</c> (a cap).</item>
/// </list>
/// <para>
/// Past the horizon a decaying schedule tends to <c>EndValue</c> (or 0, which it reaches when <c>DecayRate^p</c>
/// underflows); a growing schedule reaches its cap. A growing schedule without a cap would overflow, so
/// <c>DecayRate &gt; 1</c> requires <see cref="EndValue"/>. Immutable and thread-safe. Spec type: <c>exponential</c>.
/// </para>
/// <para>
/// With <see cref="Arithmetic"/> = <see cref="Schedules.Arithmetic.SinglePrecision"/> the formula runs in float32, in the operation order
/// of ML.NET's <c>ExponentialLRDecay</c>: with <c>I = (float)InitialValue</c>, <c>r = (float)DecayRate</c>,
/// <c>t = step - TransitionBegin</c>: <c>I</c> for <c>t &lt;= 0</c> (or <c>I = 0</c>); otherwise
/// <c>p = (float)t / (float)TransitionSteps</c> (a float division), <c>p = (float)floor(p)</c> when <see cref="Staircase"/>
/// (the floor of the float quotient, so past 2^24 steps a stair may start a step early, as in ML.NET), and
/// <c>v = I * (float)Math.Pow(r, p)</c> (a float product), then the float <c>max(v, (float)EndValue)</c> or
/// <c>min(v, (float)EndValue)</c>. The value is that float, widened to <see cref="double"/>.
/// </para>
/// </remarks>
public sealed record ExponentialSchedule : LearningRateSchedule
{
    /// <summary>Creates an exponential schedule.</summary>
    /// <param name="initialValue">Value up to and at <c>transitionBegin</c>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="decayRate">Factor applied every <paramref name="transitionSteps"/> steps; finite, in <c>(0, +inf)</c>. Values above 1 grow and need <paramref name="endValue"/>.</param>
    /// <param name="transitionSteps">Steps per factor of <paramref name="decayRate"/>; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="transitionBegin">Step at which the decay starts; in <c>[0, long.MaxValue]</c>. Default 0.</param>
    /// <param name="staircase">Whether to apply the factor in whole stairs (integer <c>p</c>). Default false.</param>
    /// <param name="endValue">Optional bound: a floor when decaying, a cap when growing; finite, in <c>[0, +inf)</c>. Required when <paramref name="decayRate"/> &gt; 1.</param>
    /// <param name="arithmetic">The arithmetic of the formula: <see cref="Schedules.Arithmetic.DoublePrecision"/> (default) or
    /// <see cref="Schedules.Arithmetic.SinglePrecision"/> (float32, ML.NET's operation order; <paramref name="initialValue"/>,
    /// <paramref name="decayRate"/> and <paramref name="endValue"/> then at most <see cref="float.MaxValue"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException"><paramref name="decayRate"/> &gt; 1 without <paramref name="endValue"/>.</exception>
    public ExponentialSchedule(double initialValue, double decayRate, long transitionSteps, long transitionBegin = 0, bool staircase = false, double? endValue = null, Arithmetic arithmetic = Arithmetic.DoublePrecision)
    {
        if (!Enum.IsDefined(arithmetic))
        {
            throw Guard.Invalid(nameof(arithmetic), "must be DoublePrecision or SinglePrecision; got " + (int)arithmetic + ".");
        }

        Arithmetic = arithmetic;
        bool single = arithmetic == Arithmetic.SinglePrecision;
        InitialValue = Guard.SingleRange(Guard.NonNegative(initialValue, nameof(initialValue)), single, nameof(initialValue));
        DecayRate = Guard.SingleRange(Guard.Positive(decayRate, nameof(decayRate)), single, nameof(decayRate));
        TransitionSteps = Guard.Positive(transitionSteps, nameof(transitionSteps));
        TransitionBegin = Guard.NonNegative(transitionBegin, nameof(transitionBegin));
        Staircase = staircase;
        if (endValue is double end)
        {
            // Stored as validated (-0 as +0), so that the floor or cap never turns a value into -0.
            EndValue = Guard.SingleRange(Guard.NonNegative(end, nameof(endValue)), single, nameof(endValue));
        }
        else if (decayRate > 1)
        {
            throw Guard.Invalid(nameof(endValue), "is required when decayRate > 1 (growth without a cap overflows); got none.");
        }
    }

    /// <summary>The value up to and at <see cref="TransitionBegin"/>.</summary>
    public double InitialValue { get; }

    /// <summary>The factor applied every <see cref="TransitionSteps"/> steps.</summary>
    public double DecayRate { get; }

    /// <summary>Steps per factor of <see cref="DecayRate"/>.</summary>
    public long TransitionSteps { get; }

    /// <summary>The step at which the decay starts.</summary>
    public long TransitionBegin { get; }

    /// <summary>Whether the factor is applied in whole stairs.</summary>
    public bool Staircase { get; }

    /// <summary>The optional floor (decay) or cap (growth).</summary>
    public double? EndValue { get; }

    /// <summary>The arithmetic of the formula (<see cref="Schedules.Arithmetic.SinglePrecision"/>: float32 in ML.NET's operation order).</summary>
    public Arithmetic Arithmetic { get; }

    /// <summary>The base-2 exponent per step of the continuous curve: <c>log2(DecayRate) / TransitionSteps</c>.</summary>
    private double Rate => Math.Log2(DecayRate) / TransitionSteps;

    internal override double ValueAt(long step)
    {
        if (Arithmetic == Arithmetic.SinglePrecision)
        {
            return step <= TransitionBegin ? (float)InitialValue : SingleValue(SinglePower(step));
        }

        if (step <= TransitionBegin)
        {
            return InitialValue;
        }

        long t = step - TransitionBegin;
        // 0 * DecayRate^p would be NaN once a growing power overflows to +inf. The continuous curve is
        // InitialValue * 2^(t * log2(DecayRate) / TransitionSteps) through the exponential the span kernel shares (so the
        // two paths agree bit for bit); the staircase keeps the exact integer power.
        double v = InitialValue == 0 ? 0
            : Staircase ? InitialValue * Math.Pow(DecayRate, t / TransitionSteps)
            : InitialValue * VectorMath.Exp2(t * Rate);
        if (EndValue is double end)
        {
            v = DecayRate < 1 ? Math.Max(v, end) : Math.Min(v, end);
        }

        return v;
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    /// <summary>The float32 exponent <c>p</c> at a step past <see cref="TransitionBegin"/>: the float quotient, floored when <see cref="Staircase"/>.</summary>
    private float SinglePower(long step)
    {
        float p = (float)(step - TransitionBegin) / (float)TransitionSteps;
        return Staircase ? MathF.Floor(p) : p;
    }

    /// <summary>The float32 value for the exponent <paramref name="p"/>: <c>I * (float)Math.Pow(r, p)</c>, then the float bound.</summary>
    private float SingleValue(float p)
    {
        float initial = (float)InitialValue;
        if (initial == 0)
        {
            return 0;
        }

        float v = initial * (float)Math.Pow((float)DecayRate, p);
        if (EndValue is double end)
        {
            v = DecayRate < 1 ? Math.Max(v, (float)end) : Math.Min(v, (float)end);
        }

        return v;
    }

    /// <summary>The float32 span: one power per distinct exponent (one per stair with <see cref="Staircase"/>), as <see cref="ValueAt"/> computes it.</summary>
    private void SingleFill<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        int head = firstStep > TransitionBegin ? 0 : (int)Math.Min(TransitionBegin - firstStep, destination.Length - 1) + 1;
        Segments.Fill(destination[..head], (float)InitialValue);
        float previous = float.NaN;
        float value = 0;
        for (int i = head; i < destination.Length; i++)
        {
            float p = SinglePower(firstStep + i);
            if (!p.Equals(previous))
            {
                value = SingleValue(p);
                previous = p;
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

        // Up to and at TransitionBegin: the initial value (written without TransitionBegin + 1, which may overflow).
        int head = firstStep > TransitionBegin ? 0 : (int)Math.Min(TransitionBegin - firstStep, destination.Length - 1) + 1;
        Segments.Fill(destination[..head], InitialValue);
        var rest = destination[head..];
        if (rest.IsEmpty)
        {
            return;
        }

        long t0 = firstStep + head - TransitionBegin;
        if (Staircase || InitialValue == 0)
        {
            // Piecewise constant: one value per stair (the whole rest when the value is 0).
            for (int i = 0; i < rest.Length;)
            {
                long t = t0 + i;
                int run = InitialValue == 0 ? rest.Length - i : (int)Math.Min(TransitionSteps - (t % TransitionSteps), rest.Length - i);
                Segments.Fill(rest.Slice(i, run), ValueAt(TransitionBegin + t));
                i += run;
            }
        }
        else if (Kernels.Exact(t0, rest.Length, TransitionSteps))
        {
            double low = double.NegativeInfinity, high = double.PositiveInfinity;
            if (EndValue is double end)
            {
                if (DecayRate < 1)
                {
                    low = end;
                }
                else
                {
                    high = end;
                }
            }

            Kernels.Map(new ClampedExponentialOperator(Rate, InitialValue, low, high), t0, 1, rest);
        }
        else
        {
            ScalarFill(firstStep + head, rest);
        }
    }
}
