using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using LrSchedules.Internal;

namespace LrSchedules.Composition;

/// <summary>
/// A warmup in front of any schedule: the learning rate rises from <see cref="StartValue"/> to the wrapped schedule's
/// first value over <see cref="WarmupSteps"/> steps, then the wrapped schedule runs with its own clock starting at 0 when
/// the warmup ends.
/// </summary>
/// <remarks>
/// <para>With <c>W = WarmupSteps</c> and <c>peak = Schedule(0)</c> (<see cref="PeakValue"/>):</para>
/// <list type="bullet">
/// <item><c>step &lt; W</c>: the <see cref="Shape"/> curve at <c>s = step</c> — linear
/// <c>start + (peak - start) * s / W</c>; cosine <c>start + (peak - start) * (1 - cos(pi s / W)) / 2</c>;
/// exponential <c>start * (peak / start)^(s / W)</c>; 1-sqrt <c>start + (peak - start) * (1 - sqrt(1 - s / W))</c>;
/// logarithmic <c>start + (peak - start) * ln(1 + s) / ln(1 + W)</c>; every
/// shape evaluated from the smaller of the two values where it can be and clamped to <c>[min(start, peak), max(start, peak)]</c>;</item>
/// <item><c>step &gt;= W</c>: <c>Schedule(step - W)</c>, so the value at <c>step = W</c> is exactly <c>peak</c>.</item>
/// </list>
/// <para><c>W = 0</c> gives the wrapped schedule unchanged. Past the warmup, the wrapped schedule's own horizon rules apply.
/// Values of a custom (non-library) wrapped schedule are checked: NaN, an infinity or a negative value throws
/// <see cref="InvalidOperationException"/> naming it, the step and the value (see <see cref="ILearningRateSchedule"/>).
/// Immutable and thread-safe if the wrapped schedule is. Spec type: <c>warmup</c>.</para>
/// </remarks>
public sealed record WarmupSchedule : LearningRateSchedule
{
    /// <summary>Creates a warmup in front of <paramref name="schedule"/>.</summary>
    /// <param name="schedule">The schedule that runs after the warmup; not null.</param>
    /// <param name="warmupSteps">Length of the warmup; in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="startValue">Value at step 0; finite, in <c>[0, +inf)</c> (in <c>(0, +inf)</c> for <see cref="WarmupShape.Exponential"/>). Default 0.</param>
    /// <param name="shape">The warmup curve. Default <see cref="WarmupShape.Linear"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">The shape is undefined, or exponential with a zero start or peak.</exception>
    /// <exception cref="InvalidOperationException">A custom <paramref name="schedule"/> returned NaN, an infinity or a negative value at step 0.</exception>
    public WarmupSchedule(ILearningRateSchedule schedule, long warmupSteps, double startValue = 0, WarmupShape shape = WarmupShape.Linear)
    {
        Schedule = Guard.NotNull(schedule, nameof(schedule));
        WarmupSteps = Guard.NonNegative(warmupSteps, nameof(warmupSteps));
        StartValue = Guard.NonNegative(startValue, nameof(startValue));
        if (!Enum.IsDefined(shape))
        {
            throw Guard.Invalid(nameof(shape), "must be Linear, Cosine, Exponential, OneMinusSqrt or Logarithmic; got " + (int)shape + ".");
        }

        Shape = shape;
        PeakValue = InnerSchedule.GetLearningRate(schedule, 0);
        if (shape == WarmupShape.Exponential && warmupSteps > 0)
        {
            if (startValue == 0)
            {
                throw Guard.OutOfRange(nameof(startValue), "must be a finite number in (0, +inf) for an exponential warmup; got 0.");
            }

            if (PeakValue == 0)
            {
                throw Guard.Invalid(nameof(schedule), "must start above 0 for an exponential warmup; its value at step 0 is 0.");
            }
        }
    }

    /// <summary>The schedule that runs after the warmup.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>The length of the warmup in steps.</summary>
    public long WarmupSteps { get; }

    /// <summary>The value at step 0.</summary>
    public double StartValue { get; }

    /// <summary>The warmup curve.</summary>
    public WarmupShape Shape { get; }

    /// <summary>The value the warmup reaches at step <see cref="WarmupSteps"/>: the wrapped schedule's value at its step 0.</summary>
    public double PeakValue { get; }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
    {
        // Stryker disable once Equality : equivalent, a phase of zero steps adds a boundary only at its own start, the start of the enclosing phase (already a boundary) or step 0 (never reported), and then the same nested boundaries.
        if (WarmupSteps > 0)
        {
            AddPhase(origin, WarmupSteps, null, Schedule, min, max, boundaries);
        }
        else
        {
            AddNested(Schedule, origin, min, max, min, max, boundaries);
        }
    }

    internal override double ValueAt(long step) => step < WarmupSteps ? WarmupValue(step) : InnerSchedule.GetLearningRate(Schedule, step - WarmupSteps);

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSegments(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSegments(firstStep, destination);

    private double WarmupValue(long s) => Shape switch
    {
        WarmupShape.Linear => Numerics.Lerp(StartValue, PeakValue, s, WarmupSteps),
        WarmupShape.Cosine => Numerics.CosineLerp(StartValue, PeakValue, s, WarmupSteps),
        WarmupShape.Exponential => ExponentialValue(s),
        WarmupShape.Logarithmic => LogarithmicValue(s),
        _ => OneMinusSqrtValue(s),
    };

    /// <summary>
    /// <c>start + (peak - start) * log2(1 + s) / log2(1 + W)</c> through <see cref="Interpolant"/> from the smaller of the
    /// two values: a falling warmup weights the start by the complement <c>log2((1 + W) / (1 + s)) / log2(1 + W)</c>. The
    /// logarithm is <see cref="VectorMath.Log2(double)"/>, which the span operator shares lane by lane.
    /// </summary>
    private double LogarithmicValue(long s)
    {
        double x = s + 1.0;
        double length = LogarithmicLength();
        // Stryker disable once Equality : equivalent, when the start equals the peak both branches interpolate between equal ends and give that value.
        return StartValue <= PeakValue
            ? new Interpolant(StartValue, PeakValue).At(VectorMath.Log2(x) / length)
            : new Interpolant(PeakValue, StartValue).At(VectorMath.Log2((WarmupSteps + 1.0) / x) / length);
    }

    /// <summary><c>log2(1 + W)</c>, the logarithmic warmup's denominator.</summary>
    private double LogarithmicLength() => VectorMath.Log2(WarmupSteps + 1.0);

    /// <summary>
    /// <c>start + (peak - start) * (1 - sqrt((W - s) / W))</c> through <see cref="Interpolant"/> from the smaller of the two
    /// values: with the weight <c>1 - sqrt(...)</c> of the peak when it is the larger, else <c>sqrt(...)</c> of the start.
    /// </summary>
    private double OneMinusSqrtValue(long s)
    {
        double root = Math.Sqrt((WarmupSteps - s) / (double)WarmupSteps);
        // Stryker disable once Equality : equivalent, when the start equals the peak both branches interpolate between equal ends and give that value.
        return StartValue <= PeakValue ? new Interpolant(StartValue, PeakValue).At(1 - root) : new Interpolant(PeakValue, StartValue).At(root);
    }

    private double ExponentialValue(long s)
    {
        // start * 2^(s * log2(ratio) / W) through the exponential the span kernel shares (exact at s = 0). The ratio
        // overflows or underflows for extreme start/peak pairs; start^(1-x) * peak^x (Numerics.GeometricLerp) is the same curve.
        // Clamped between start and peak (as the span operator does): the rounded exponent can overshoot the peak.
        var ends = new Interpolant(StartValue, PeakValue);
        if (ExponentialRate() is double c)
        {
            return Math.Min(ends.High, Math.Max(ends.Low, StartValue * VectorMath.Exp2(s * c)));
        }

        double x = s / (double)WarmupSteps;
        return Math.Min(ends.High, Math.Max(ends.Low, Numerics.GeometricLerp(StartValue, PeakValue, x)));
    }

    /// <summary>The base-2 exponent per step of the exponential warmup, <c>log2(peak / start) / W</c>, when the ratio is normal.</summary>
    private double? ExponentialRate()
    {
        double ratio = PeakValue / StartValue;
        return double.IsNormal(ratio) ? Math.Log2(ratio) / WarmupSteps : null;
    }

    private void EvaluateSegments<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        int n = Segments.LengthBefore(firstStep, WarmupSteps, destination.Length);
        var warmup = destination[..n];
        if (!Kernels.Exact(firstStep, n, WarmupSteps))
        {
            ScalarFill(firstStep, warmup);
        }
        else if (Shape == WarmupShape.Linear)
        {
            Kernels.Lerp(StartValue, PeakValue, firstStep, WarmupSteps, warmup);
        }
        else if (Shape == WarmupShape.Cosine)
        {
            Kernels.CosineLerp(StartValue, PeakValue, firstStep, WarmupSteps, warmup);
            // Stryker disable once all : equivalent, patching another step writes the scalar value the kernel also gives there (bit for bit in double, within the float bound in float).
            PatchExact(firstStep, warmup, WarmupSteps % 2 == 0 ? WarmupSteps / 2 : -1);
        }
        else if (Shape == WarmupShape.OneMinusSqrt)
        {
            // 1 - sqrt((W - s) / W): descending exact positions W - s.
            // Stryker disable once Equality : equivalent, when the start equals the peak both branches interpolate between equal ends and give that value.
            bool falling = StartValue > PeakValue;
            Kernels.Map(new OneMinusSqrtOperator(WarmupSteps, falling ? new Interpolant(PeakValue, StartValue) : new Interpolant(StartValue, PeakValue), complement: falling), WarmupSteps - firstStep, -1, warmup);
        }
        else if (Shape == WarmupShape.Logarithmic)
        {
            // Stryker disable once Equality : equivalent, when the start equals the peak both branches interpolate between equal ends and give that value.
            bool falling = StartValue > PeakValue;
            Kernels.Map(new LogarithmicWarmupOperator(LogarithmicLength(), WarmupSteps + 1.0, falling ? new Interpolant(PeakValue, StartValue) : new Interpolant(StartValue, PeakValue), falling), firstStep, 1, warmup);
        }
        else if (ExponentialRate() is double c)
        {
            var ends = new Interpolant(StartValue, PeakValue);
            Kernels.Map(new ClampedExponentialOperator(c, StartValue, ends.Low, ends.High), firstStep, 1, warmup);
        }
        else
        {
            ScalarFill(firstStep, warmup);
        }

        if (n < destination.Length)
        {
            Segments.Evaluate(Schedule, firstStep + n - WarmupSteps, destination[n..]);
        }
    }
}
