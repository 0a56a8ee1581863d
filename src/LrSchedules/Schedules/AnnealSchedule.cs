using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// A move from <see cref="InitialValue"/> to <see cref="FinalValue"/> over <see cref="Steps"/> steps along one of the
/// <see cref="DecayShape"/> curves, then <see cref="FinalValue"/> forever: the decay phase of warmup-stable-decay, the
/// cooldown and anneal of the infinite schedule, and the anneal branch of continual pre-training.
/// </summary>
/// <remarks>
/// <para>With <c>t = step</c>, <c>p = t / Steps</c>: for <c>t &lt; Steps</c> the <see cref="Shape"/> formula (see
/// <see cref="DecayShape"/>); for <c>t &gt;= Steps</c> (past the horizon), exactly <c>FinalValue</c>. At <c>t = 0</c> the value is
/// exactly <c>InitialValue</c>. The curve may also rise (<c>FinalValue &gt; InitialValue</c>).</para>
/// <para>Immutable and thread-safe. Spec type: <c>anneal</c>.</para>
/// </remarks>
public sealed record AnnealSchedule : LearningRateSchedule
{
    /// <summary>Creates an anneal.</summary>
    /// <param name="initialValue">Value at step 0; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="finalValue">Value from <paramref name="steps"/> on; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="steps">Length of the anneal; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="shape">The curve. Default <see cref="DecayShape.Linear"/>.</param>
    /// <param name="power">Exponent of <see cref="DecayShape.Power"/>; finite, in <c>(0, +inf)</c>. Default 1.</param>
    /// <param name="halfLife">Half-life in steps for <see cref="DecayShape.Exponential"/>; finite, in <c>(0, +inf)</c>, or null for the geometric curve that ends exactly at <paramref name="finalValue"/>.</param>
    /// <param name="timescale">Timescale of <see cref="DecayShape.InverseSqrt"/>; finite, in <c>(0, +inf)</c>. Default 10.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">The shape is undefined, or geometric with a zero end point.</exception>
    public AnnealSchedule(double initialValue, double finalValue, long steps, DecayShape shape = DecayShape.Linear, double power = 1, double? halfLife = null, double timescale = 10)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        FinalValue = Guard.NonNegative(finalValue, nameof(finalValue));
        Steps = Guard.Positive(steps, nameof(steps));
        if (!Enum.IsDefined(shape))
        {
            throw Guard.Invalid(nameof(shape), "must be Linear, Cosine, OneMinusSqrt, Exponential, Power, InverseSqrt or ShiftedExponential; got " + (int)shape + ".");
        }

        Shape = shape;
        Power = Guard.Positive(power, nameof(power));
        _anchoredPower = new AnchoredPower(Power, new Interpolant(FinalValue, InitialValue), InitialValue);
        if (halfLife is double h)
        {
            Guard.Positive(h, nameof(halfLife));
        }
        else if (shape == DecayShape.Exponential && (initialValue == 0 || finalValue == 0))
        {
            throw Guard.Invalid(
                initialValue == 0 ? nameof(initialValue) : nameof(finalValue),
                "must be above 0, as must " + (initialValue == 0 ? nameof(finalValue) : nameof(initialValue)) + ", for a geometric (exponential without halfLife) anneal; got initialValue "
                + Guard.Format(initialValue) + " and finalValue " + Guard.Format(finalValue) + ".");
        }

        HalfLife = halfLife;
        Timescale = Guard.Positive(timescale, nameof(timescale));
    }

    /// <summary>The value at step 0.</summary>
    public double InitialValue { get; }

    /// <summary>The value from <see cref="Steps"/> on.</summary>
    public double FinalValue { get; }

    /// <summary>The length of the anneal.</summary>
    public long Steps { get; }

    /// <summary>The curve.</summary>
    public DecayShape Shape { get; }

    /// <summary>The exponent of <see cref="DecayShape.Power"/>.</summary>
    public double Power { get; }

    /// <summary>The weight of a power without a multiplication form (<see cref="AnchoredPower"/>).</summary>
    private readonly AnchoredPower _anchoredPower;

    /// <summary>The half-life of <see cref="DecayShape.Exponential"/>, or null for the geometric curve.</summary>
    public double? HalfLife { get; }

    /// <summary>The timescale of <see cref="DecayShape.InverseSqrt"/>.</summary>
    public double Timescale { get; }

    internal override double ValueAt(long step)
    {
        if (step >= Steps)
        {
            return FinalValue;
        }

        if (step == 0)
        {
            // final + (initial - final) * 1 is not always exactly initial.
            return InitialValue;
        }

        // Every shape is evaluated through Interpolant (or clamped by it), so it stays between the two values.
        double p = step / (double)Steps;
        switch (Shape)
        {
            case DecayShape.Linear:
                return Numerics.Lerp(InitialValue, FinalValue, step, Steps);
            case DecayShape.Cosine:
                return Numerics.CosineLerp(InitialValue, FinalValue, step, Steps);
            case DecayShape.OneMinusSqrt:
                // From the smaller value with the weight of the larger: 1 - sqrt(p) for a decay, sqrt(p) for a rise.
                // Stryker disable once Equality : equivalent, with equal ends both interpolations give that value.
                return InitialValue >= FinalValue
                    ? new Interpolant(FinalValue, InitialValue).At(1 - Math.Sqrt(p))
                    : new Interpolant(InitialValue, FinalValue).At(Math.Sqrt(p));
            case DecayShape.Exponential:
                // initial * 2^(step * c) with c = log2(ratio) / steps (or -1 / half-life), through the exponential the
                // span kernel shares; the ratio overflows or underflows for extreme pairs, where
                // initial^(1-p) * final^p (Numerics.GeometricLerp) is the same curve. Clamped to the curve's bounds: the rounded exponent can
                // overshoot the final value one step before the end.
                var (low, high) = ExponentialBounds();
                return Math.Min(high, Math.Max(low, ExponentialRate() is double c
                    ? InitialValue * VectorMath.Exp2(step * c)
                    : Numerics.GeometricLerp(InitialValue, FinalValue, p)));
            case DecayShape.Power:
                // The power through the operations the span operator shares (Numerics.SmallPower, AnchoredPower).
                if (Numerics.SmallPowerCode(Power) == -1 && _anchoredPower.TryValue(Steps - step, Steps, out double anchored))
                {
                    return anchored;
                }

                double w = Numerics.SmallPower((Steps - step) / (double)Steps, Power);
                return w == 1 ? InitialValue : new Interpolant(FinalValue, InitialValue).At(w);
            case DecayShape.ShiftedExponential:
                // Megatron's 2 * 0.5^p - 1 through the exponential the span operator shares.
                return new Interpolant(FinalValue, InitialValue).At((2 * VectorMath.Exp2(-p)) - 1);
            default:
                // 1 - r(p) for r(p) = (1/sqrt(1 + s p) - 1) / (1/sqrt(1 + s) - 1), rewritten without cancellation:
                // (1 - p)(B + 1) / (A (A + B)) with A = sqrt(1 + s p), B = sqrt(1 + s); the timescale s cancels out,
                // so a tiny s tends to the linear limit, and the value keeps full precision near the final value.
                return new Interpolant(FinalValue, InitialValue).At(InverseSqrtRemaining((Steps - step) / (double)Steps, Math.Sqrt(1 + (Timescale * p)), Math.Sqrt(1 + Timescale)));
        }
    }

    /// <summary>
    /// The range of the exponential shape: between the two values for the geometric curve, and for the half-life form
    /// from the final value (its floor) up to the larger of the two.
    /// </summary>
    private (double Low, double High) ExponentialBounds()
        => HalfLife is null
            ? (Math.Min(InitialValue, FinalValue), Math.Max(InitialValue, FinalValue))
            : (FinalValue, Math.Max(InitialValue, FinalValue));

    /// <summary>
    /// The base-2 exponent per step of the exponential shape: <c>-1 / half-life</c>, or <c>log2(final / initial) / steps</c>
    /// when that ratio is a normal number; null otherwise.
    /// </summary>
    private double? ExponentialRate()
    {
        if (HalfLife is double h)
        {
            return -1 / h;
        }

        double ratio = FinalValue / InitialValue;

        // Stryker disable once Conditional : equivalent under the contract, the geometric form is the same curve within the accuracy bound, and spans then take it too (bit-identical to the scalar value); the choice decides only whether spans vectorize.
        return double.IsNormal(ratio) ? Math.Log2(ratio) / Steps : null;
    }

    /// <summary>The remaining fraction <c>q (B + 1) / (A (A + B))</c> of the inverse-square-root anneal (see <see cref="ValueAt"/>).</summary>
    private static double InverseSqrtRemaining(double q, double a, double b) => q * (b + 1) / (a * (a + b));

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        int n = Segments.LengthBefore(firstStep, Steps, destination.Length);
        var curve = destination[..n];
        if (!Kernels.Exact(firstStep, n, Steps) || !Kernel(firstStep, curve))
        {
            ScalarFill(firstStep, curve);
        }

        // Step 0 is exactly the initial value (final + (initial - final) * 1 is not always).
        PatchExact(firstStep, curve, 0);
        Segments.Fill(destination[n..], FinalValue);
    }

    /// <summary>The vectorized curve for <c>t0 .. t0 + chunk.Length - 1</c> in <c>[0, Steps)</c>; false where there is none.</summary>
    private bool Kernel<T>(long t0, Span<T> chunk)
        where T : unmanaged
    {
        double steps = Steps;
        switch (Shape)
        {
            case DecayShape.Linear:
                Kernels.Lerp(InitialValue, FinalValue, t0, Steps, chunk);
                break;
            case DecayShape.Cosine:
                Kernels.CosineLerp(InitialValue, FinalValue, t0, Steps, chunk);

                // Stryker disable once all : equivalent, patching another step writes the scalar value the kernel gives there too (bit for bit in double, within the float bound in float).
                PatchExact(t0, chunk, Steps % 2 == 0 ? Steps / 2 : -1);
                break;
            case DecayShape.OneMinusSqrt:
                // Stryker disable once Equality : equivalent, with equal ends both interpolations give that value.
                bool rise = InitialValue < FinalValue;
                Kernels.Map(new OneMinusSqrtOperator(steps, rise ? new Interpolant(InitialValue, FinalValue) : new Interpolant(FinalValue, InitialValue), complement: rise), t0, 1, chunk);
                break;
            case DecayShape.InverseSqrt:
                Kernels.Map(new InverseSqrtAnnealOperator(steps, Timescale, new Interpolant(FinalValue, InitialValue)), t0, 1, chunk);
                break;
            case DecayShape.Exponential when ExponentialRate() is double c:
                var (low, high) = ExponentialBounds();
                Kernels.Map(new ClampedExponentialOperator(c, InitialValue, low, high), t0, 1, chunk);
                break;
            case DecayShape.ShiftedExponential:
                Kernels.Map(new ShiftedExponentialOperator(steps, new Interpolant(FinalValue, InitialValue)), t0, 1, chunk);
                break;
            case DecayShape.Power:
                Kernels.MapPower(new PolynomialOperator(steps, Numerics.SmallPowerCode(Power), Power, new Interpolant(FinalValue, InitialValue), InitialValue), Steps - t0, chunk);
                break;
            default:
                return false;
        }

        // Stryker disable once Boolean : equivalent, a kernel that reports "not handled" sends the span to ScalarFill, the same double values bit for bit and float values within the bound.
        return true;
    }
}
