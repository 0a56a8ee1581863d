using CsCheck;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// CsCheck generators of random <em>valid</em> schedules of every native type, including composites nested to a bounded
/// depth (a sequence of warmups of restarts of ...). Parameters are drawn from the documented ranges, with extra weight
/// on the edges: values 0, -0, subnormals, the smallest normal, 1e300 and the largest doubles (1e308, 1.79e308,
/// <c>double.MaxValue</c>); pairs of endpoints that are equal or neighbouring doubles (where rounding, not the curve,
/// decides the direction of a step); step counts of one step, 2^52, 2^53 - 1, 2^53, 2^53 + 1 and up to
/// <c>long.MaxValue</c>. The few cross-field constraints that the ranges cannot express (e.g.
/// <c>initial_value * gamma^n</c> finite) are left to the constructor, and a candidate it rejects is redrawn.
/// </summary>
internal static class ScheduleGenerators
{
    /// <summary>2^53: positions beyond it are no longer exact doubles.</summary>
    public const long TwoTo53 = 1L << 53;

    /// <summary>The extreme learning-rate values: zeros (both signs), subnormals, the normal range's edges and the largest doubles.</summary>
    public static readonly double[] ExtremeValues =
    [
        0.0, -0.0, double.Epsilon, 4e-320, 2.225073858507201E-308, 2.2250738585072014E-308, 1e-300, 1e-8, 1.0, 1e3, 1e300, 1e308, 1.79e308,
        double.MaxValue, Math.BitDecrement(double.MaxValue),
    ];

    /// <summary>A learning-rate value: mostly ordinary, sometimes 0, -0, subnormal, tiny or huge up to <c>double.MaxValue</c>.</summary>
    public static readonly Gen<double> Value = Gen.Frequency(
        (6, Gen.Double[0, 1]),
        (2, Gen.Double[0, 10]),
        (2, Gen.OneOf(ExtremeValues.Select(Gen.Const).ToArray())));

    /// <summary>
    /// Two endpoints of a curve (initial and final, base and top): mostly independent values, sometimes equal or
    /// neighbouring doubles, so that a form that rounds its way past an end or wobbles between equal ends shows.
    /// </summary>
    public static readonly Gen<(double First, double Second)> Pair = Gen.Frequency(
        (6, Gen.Select(Value, Value)),
        (1, Value.Select(v => (v, v))),
        (1, Value.Select(v => (v, Math.Min(Math.BitIncrement(v), double.MaxValue)))),
        (1, Value.Select(v => (Math.Min(Math.BitIncrement(v), double.MaxValue), v))));

    /// <summary>Knot values: independent, or clustered on one value and its neighbouring doubles.</summary>
    public static Gen<double[]> Values(int count) => Gen.Frequency(
        (3, Value.Array[count]),
        (1, Gen.Select(Value, Gen.Int[-1, 1].Array[count], (v, d) => d.Select(x => x switch
        {
            < 0 => Math.BitDecrement(v) < 0 ? 0 : Math.BitDecrement(v),
            > 0 => Math.Min(Math.BitIncrement(v), double.MaxValue),
            _ => v,
        }).ToArray())));

    /// <summary>A positive real parameter (period, timescale, exponent, ...).</summary>
    public static readonly Gen<double> Positive = Gen.Frequency(
        (6, Gen.Double[0.05, 10]),
        (1, Gen.OneOf(1e-6, 1.0, 1e6, 1e15)));

    /// <summary>A factor in [0, 1].</summary>
    public static readonly Gen<double> UnitFactor = Gen.Frequency(
        (6, Gen.Double[0, 1]),
        (1, Gen.OneOf(0.0, 1.0, 1e-12, 1 - 1e-12)));

    /// <summary>A step count in [1, long.MaxValue]: mostly short, sometimes huge.</summary>
    public static readonly Gen<long> Steps = Gen.Frequency(
        (6, Gen.Long[1, 200]),
        (2, Gen.Long[1, 1_000_000]),
        (1, Gen.Long[1, long.MaxValue]),
        (2, Gen.OneOf(1L, 2L, 3L, 1L << 52, TwoTo53 - 1, TwoTo53, TwoTo53 + 1, TwoTo53 + 2, 1L << 62, long.MaxValue / 2, long.MaxValue - 1, long.MaxValue)));

    /// <summary>A step count or offset in [0, long.MaxValue].</summary>
    public static readonly Gen<long> StepsOrZero = Gen.Frequency((1, Gen.Const(0L)), (6, Steps));

    /// <summary>A step at which to evaluate: small, medium, anywhere, and the far edges.</summary>
    public static readonly Gen<long> Step = Gen.Frequency(
        (4, Gen.Long[0, 300]),
        (3, Gen.Long[0, 2_000_000]),
        (2, Gen.Long[0, long.MaxValue]),
        (1, Gen.OneOf(0L, 1L << 31, 1L << 53, (1L << 53) + 1, long.MaxValue / 2, long.MaxValue - 1, long.MaxValue)),
        (1, Gen.Long[TwoTo53 - 300, TwoTo53 + 300]),
        (1, Gen.Long[long.MaxValue - 300, long.MaxValue]));

    /// <summary>A restart period: like <see cref="Positive"/>, and sometimes integral periods whose cycles start near 2^53.</summary>
    // Before LeafGenerators, which uses it (static fields initialize in order).
    private static readonly Gen<double> Period = Gen.Frequency(
        (6, Positive),
        (1, Gen.OneOf(1.0, 3.0, 1e15, 4503599627370496.0, 9007199254740991.0, 9007199254740992.0)),
        (1, Gen.Long[1, TwoTo53].Select(p => (double)p)));

    private static readonly Gen<DecayShape> DecayShapes = Gen.Enum<DecayShape>();
    private static readonly Gen<WarmupShape> WarmupShapes = Gen.Enum<WarmupShape>();

    /// <summary>Leaf (non-composite) schedules, one generator per native type.</summary>
    public static readonly Gen<ILearningRateSchedule>[] LeafGenerators =
    [
        Value.Select(v => Make(() => new ConstantSchedule(v))),
        Gen.Select(Pair, Steps, StepsOrZero, (v, t, b) => Make(() => new LinearSchedule(v.First, v.Second, t, b))),
        Gen.Select(Pair, Steps, Positive, Gen.Select(Positive, Gen.Bool), (v, t, e, cp) => Make(() => new CosineSchedule(v.First, t, v.Second, e, cp.Item1, cp.Item2))),
        Gen.Select(Value, UnitFactor, Steps, StepsOrZero, Gen.Bool, Value.Nullable(), (i, r, t, b, st, end) => Make(() => new ExponentialSchedule(i, Math.Max(r, 1e-9), t, b, st, end))),
        Gen.Select(Value, Gen.Double[1, 3], Steps, Value, Gen.Bool, (i, r, t, end, st) => Make(() => new ExponentialSchedule(i, r, t, 0, st, end))),
        Gen.Select(Value, Steps, UnitFactor, (i, s, g) => Make(() => new StepSchedule(i, s, g))),
        Gen.Select(Value, Gen.Long[0, 1000].Array[0, 6], Gen.Double[0, 2], (i, m, g) => Make(() => new MultiStepSchedule(i, m.Order(), g))),
        Gen.Select(Gen.Long[0, 1000].Array[0, 6], Values(7), Gen.Bool, (b, v, at) => Make(() => new PiecewiseConstantSchedule(
            b.Distinct().Order(), v.Take(b.Distinct().Count() + 1), at ? BoundaryMode.SwitchAt : BoundaryMode.SwitchAfter))),
        Gen.Select(Gen.Long[-1000, 1000].Array[1, 6], Values(6), Gen.Bool, (b, v, lin) => Make(() => new PiecewiseInterpolationSchedule(
            b.Distinct().Order(), v.Take(b.Distinct().Count()), lin ? Interpolation.Linear : Interpolation.Cosine))),
        Gen.Select(Gen.Select(Gen.Long[long.MinValue / 2, long.MaxValue / 2], Steps), Values(2), Gen.Bool, (b, v, lin) => Make(() => new PiecewiseInterpolationSchedule(
            [b.Item1, b.Item1 + Math.Min(b.Item2, long.MaxValue / 2)], v, lin ? Interpolation.Linear : Interpolation.Cosine))),
        Gen.Select(Pair, Steps, Positive, Gen.Select(StepsOrZero, Gen.Bool), (v, t, p, bc) => Make(() => new PolynomialSchedule(v.First, v.Second, t, p, bc.Item1, bc.Item2))),
        Gen.Select(Value, Gen.Double[0, 100], Steps, Gen.Bool, (i, r, t, st) => Make(() => new InverseTimeSchedule(i, r, t, st))),
        Gen.Select(Value, Positive, Positive.Nullable(), (i, ts, sh) => Make(() => new InverseSqrtSchedule(i, ts, sh))),
        Gen.Select(Pair, Steps, DecayShapes, Gen.Select(Positive, Positive.Nullable(), Positive), (v, n, shape, p) => Make(() => new AnnealSchedule(v.First, v.Second, n, shape, p.Item1, p.Item2, p.Item3))),
        Restarts(),
        Gen.Select(Value, Steps, Gen.Double[0.01, 0.99], Gen.Bool, Gen.Select(Gen.Double[1, 100], Gen.Double[1, 1e5], Gen.Bool), (m, n, pct, cos, d) => Make(() => new OneCycleSchedule(
            m, Math.Max(n, 2), pct, cos ? Interpolation.Cosine : Interpolation.Linear, d.Item1, d.Item2, d.Item3))),
        Gen.Select(Pair, Gen.Long[1, 1000], Gen.Long[1, 1000].Nullable(), Gen.Select(Gen.Enum<CyclicMode>(), Gen.Double[0.5, 1]), (v, up, down, mg) => Make(() => new CyclicSchedule(v.First, v.Second, up, down, mg.Item1, mg.Item2))),
        Gen.Select(Pair, StepsOrZero, StepsOrZero, Steps, Gen.Select(WarmupShapes, Value, DecayShapes, Gen.Select(Positive, Positive.Nullable(), Positive.Nullable())), (v, w, s, d, rest) => Make(() => new WarmupStableDecaySchedule(
            v.First, w, s, d, v.Second, rest.Item1, rest.Item2, rest.Item3, rest.Item4.Item1, rest.Item4.Item2, rest.Item4.Item3))),
        Gen.Select(Pair, StepsOrZero, StepsOrZero, Gen.Select(Steps.Nullable(), Steps, Value, DecayShapes, Gen.Select(Positive, DecayShapes, Value)), (v, w, c, rest) => Make(() => new InfiniteSchedule(
            v.First, w, c, v.Second, rest.Item1, rest.Item2, rest.Item3, rest.Item4, rest.Item5.Item1, rest.Item5.Item2, rest.Item5.Item3))),
        Gen.Select(Value, Gen.Double[0, 2].Array[0, 40], Gen.Bool, UnitFactor, Gen.Select(Gen.Long[0, 5], Gen.Double[0, 0.1], Gen.Bool, Gen.Long[0, 3], Value), (i, m, min, f, rest) => Make(() => new PlateauSchedule(
            i, m, min ? PlateauMode.Min : PlateauMode.Max, Math.Min(f, 0.999), rest.Item1, rest.Item2, rest.Item3 ? ThresholdMode.Rel : ThresholdMode.Abs, rest.Item4, rest.Item5 / 100))),
        // Float32 arithmetic (ML.NET's operation order): values above float.MaxValue are rejected and redrawn.
        Gen.Select(Value, UnitFactor, Steps, StepsOrZero, Gen.Bool, Value.Nullable(), (i, r, t, b, st, end) => Make(() => new ExponentialSchedule(i, Math.Max(r, 1e-9), t, b, st, end, Arithmetic.SinglePrecision))),
        Gen.Select(Value, Gen.Double[1, 3], Steps, Value, Gen.Bool, (i, r, t, end, st) => Make(() => new ExponentialSchedule(i, r, t, 0, st, end, Arithmetic.SinglePrecision))),
        Gen.Select(Pair, Steps, Positive, Gen.Select(StepsOrZero, Gen.Bool), (v, t, p, bc) => Make(() => new PolynomialSchedule(v.First, v.Second, t, p, bc.Item1, bc.Item2, Arithmetic.SinglePrecision))),
        RestartsDecayingFloors(),
        Gen.Select(Pair, Gen.Long[1, 1000], Gen.Long[1, 1000].Nullable(), Gen.Select(Gen.Enum<CyclicMode>(), Gen.Double[0.5, 1], UnitFactor, Gen.Bool), (v, up, down, m) => Make(() => new CyclicSchedule(
            v.First, v.Second, up, down, m.Item1, m.Item2, m.Item3, m.Item4))),
        // The unbounded ramp: ordinary and extreme rates (up to double.MaxValue, where it saturates at the first step).
        Gen.Select(Value, Gen.Frequency((4, Gen.Double[0, 10]), (1, Gen.OneOf(0.0, 1e-300, 1e15, 1e300, double.MaxValue))), Steps, Gen.Bool, (i, r, n, st) => Make(() => new RampSchedule(i, r, n, st))),
    ];

    /// <summary>Any leaf schedule.</summary>
    public static readonly Gen<ILearningRateSchedule> Leaf = Gen.OneOf<ILearningRateSchedule>(LeafGenerators).Where(s => s is not null)!;

    /// <summary>Any schedule: a leaf, or a composite of schedules nested at most <c>3</c> deep.</summary>
    public static readonly Gen<ILearningRateSchedule> Any = Nested(3);

    /// <summary>The JSON spec of a schedule, for failure messages.</summary>
    public static string Print(ILearningRateSchedule schedule) => ScheduleSpec.ToJson(schedule);

    /// <summary>A leaf or a composite whose inner schedules are at most <paramref name="depth"/> levels deep.</summary>
    public static Gen<ILearningRateSchedule> Nested(int depth)
    {
        if (depth == 0)
        {
            return Leaf;
        }

        var inner = Nested(depth - 1);
        return Gen.Frequency(
            (3, Leaf),
            (2, Gen.Select(inner, StepsOrZero, Value, WarmupShapes, (s, w, start, shape) => Make(() => new WarmupSchedule(s, w, start, shape))).Where(s => s is not null)!),
            (2, Gen.Select(inner.Select(StepsOrZero).Array[0, 3], inner, (prefix, last) => Make(() => new SequenceSchedule(
                [.. prefix.Select(p => new SchedulePhase(p.Item1, Math.Max(p.Item2, 1))), new SchedulePhase(last)]))).Where(s => s is not null)!),
            (1, Gen.Select(inner, StepsOrZero, (s, h) => Make(() => new HoldSchedule(s, h))).Where(s => s is not null)!),
            (1, Gen.Select(inner, Value, (s, f) => Make(() => new ScaledSchedule(s, f))).Where(s => s is not null)!),
            (1, Gen.Select(inner, StepsOrZero, (s, o) => Make(() => new ShiftedSchedule(s, o))).Where(s => s is not null)!),
            (1, Gen.Select(inner, inner, (s, m) => Make(() => new ProductSchedule(s, m))).Where(s => s is not null)!),
            (1, Gen.Select(inner, Value, (s, f) => Make(() => new FloorSchedule(s, f))).Where(s => s is not null)!));
    }

    /// <summary>A curve length that is mostly extreme: 2^52, 2^53 - 1, 2^53, 2^53 + 1, 2^53 + 2, 2^62, long.MaxValue and beyond 2^53.</summary>
    public static readonly Gen<long> ExtremeSteps = Gen.Frequency(
        (1, Gen.Long[1, 300]),
        (2, Gen.OneOf(1L << 52, TwoTo53 - 1, TwoTo53, TwoTo53 + 1, TwoTo53 + 2, 1L << 62, long.MaxValue / 2, long.MaxValue)),
        (1, Gen.Long[TwoTo53, long.MaxValue]));

    /// <summary>
    /// A curve from <c>From</c> at step 0 to <c>To</c> at step <c>Length</c> (then <c>To</c> forever): every anneal shape,
    /// linear, half cosine (with an exponent), polynomial, a two-knot piecewise interpolation and every warmup shape
    /// towards a constant, mostly over extreme lengths and between extreme or neighbouring values.
    /// </summary>
    public static readonly Gen<(ILearningRateSchedule Schedule, double From, double To, long Length)> Curve = Gen.OneOf(
        Gen.Select(Pair, ExtremeSteps, DecayShapes, Gen.Select(Positive, Positive.Nullable(), Positive), (v, n, shape, p) => Curved(() => new AnnealSchedule(v.First, v.Second, n, shape, p.Item1, p.Item2, p.Item3), v, n)),
        Gen.Select(Pair, ExtremeSteps, (v, n) => Curved(() => new LinearSchedule(v.First, v.Second, n), v, n)),
        Gen.Select(Pair, ExtremeSteps, Gen.Frequency((2, Gen.Const(1.0)), (1, Positive)), (v, n, e) => Curved(() => new CosineSchedule(v.First, n, v.Second, e), v, n)),
        Gen.Select(Pair, ExtremeSteps, Positive, (v, n, p) => Curved(() => new PolynomialSchedule(v.First, v.Second, n, p), v, n)),
        Gen.Select(Pair, ExtremeSteps, Gen.Bool, (v, n, lin) => Curved(() => new PiecewiseInterpolationSchedule([0, n], [v.First, v.Second], lin ? Interpolation.Linear : Interpolation.Cosine), v, n)),
        Gen.Select(Pair, ExtremeSteps, WarmupShapes, (v, n, shape) => Curved(() => new WarmupSchedule(new ConstantSchedule(v.Second), n, v.First, shape), v, n)))
        .Where(c => c.Schedule is not null);

    private static (ILearningRateSchedule Schedule, double From, double To, long Length) Curved(Func<ILearningRateSchedule> construct, (double First, double Second) values, long length)
        => (Make(construct), Math.Max(values.First, 0), Math.Max(values.Second, 0), length);

    /// <summary>Warm-restart schedules alone (integral and real periods, every shape), for the cycle-boundary properties.</summary>
    public static Gen<RestartsSchedule> RestartsOnly => Restarts().Where(s => s is not null).Select(s => (RestartsSchedule)s);

    private static Gen<ILearningRateSchedule> Restarts()
        => Gen.Select(
                Gen.Select(Value, Period, Gen.Frequency((3, Gen.Const(1.0)), (2, Gen.Double[1, 3]), (1, Gen.OneOf(2.0, 3.0, 1e3)))),
                Gen.Select(UnitFactor, Value, Gen.Long[1, 20].Nullable(), Gen.Enum<CycleShape>()),
                Gen.Select(Positive, Gen.Double[-10, 0], Gen.Double[0.1, 10], Gen.Frequency((2, Gen.Const(1.0)), (1, Positive))),
                Gen.Select(Gen.Bool, Gen.Long[0, 5], Value),
                (a, b, c, d) => Make(() => new RestartsSchedule(
                    a.Item1, a.Item2, a.Item3, b.Item1, b.Item2, b.Item3, b.Item4, c.Item1, c.Item2, c.Item3, c.Item4,
                    d.Item1 ? PeakDecayMode.Peak : PeakDecayMode.Amplitude, Math.Min(d.Item2, (long)Math.Ceiling(a.Item2) - 1), d.Item3)));

    /// <summary>
    /// Warm restarts with per-cycle floor decay and both period growths (truncated: integral periods, from 1 to near
    /// long.MaxValue, multipliers from 1 to 3 and integral ones).
    /// </summary>
    private static Gen<ILearningRateSchedule> RestartsDecayingFloors()
        => Gen.Select(
                Gen.Select(Value, Gen.Frequency((4, Gen.Long[1, 1000]), (1, Gen.OneOf(1L, 7L, TwoTo53 - 1, TwoTo53, 1L << 62, long.MaxValue / 3))), Gen.Frequency((2, Gen.Double[1, 3]), (1, Gen.OneOf(1.0, 1.001, 1.5, 2.0, 3.0)))),
                Gen.Select(UnitFactor, Value, Gen.Long[1, 20].Nullable(), Gen.Enum<CycleShape>()),
                Gen.Select(UnitFactor, Gen.Bool, Gen.Bool, Gen.Long[0, 5]),
                (a, b, c) => Make(() => new RestartsSchedule(
                    a.Item1, a.Item2, a.Item3, b.Item1, b.Item2, b.Item3, b.Item4,
                    peakDecayMode: c.Item2 ? PeakDecayMode.Peak : PeakDecayMode.Amplitude, cycleWarmupSteps: Math.Min(c.Item4, a.Item2 - 1),
                    floorDecay: c.Item1, periodGrowth: c.Item3 ? PeriodGrowth.Truncated : PeriodGrowth.Exact)));

    /// <summary>Runs a constructor; null if it rejects the arguments (the candidate is then redrawn).</summary>
    private static ILearningRateSchedule Make(Func<ILearningRateSchedule> construct)
    {
        try
        {
            return construct();
        }
        catch (ArgumentException)
        {
            return null!;
        }
    }
}
