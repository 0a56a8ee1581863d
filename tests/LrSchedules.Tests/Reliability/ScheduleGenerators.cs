using CsCheck;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// CsCheck generators of random <em>valid</em> schedules of every native type, including composites nested to a bounded
/// depth (a sequence of warmups of restarts of ...). Parameters are drawn from the documented ranges, with extra weight
/// on the edges (0, subnormal, 1e300, one step, 2^53 and long.MaxValue step counts); the few cross-field constraints
/// that the ranges cannot express (e.g. <c>initial_value * gamma^n</c> finite) are left to the constructor, and a
/// candidate it rejects is redrawn.
/// </summary>
internal static class ScheduleGenerators
{
    /// <summary>A learning-rate value: mostly ordinary, sometimes 0, subnormal, tiny or huge.</summary>
    public static readonly Gen<double> Value = Gen.Frequency(
        (6, Gen.Double[0, 1]),
        (2, Gen.Double[0, 10]),
        (1, Gen.OneOf(0.0, 1.0, 1e-300, double.Epsilon, 1e-8, 1e3, 1e300)));

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
        (1, Gen.OneOf(1L, 2L, 1L << 53, (1L << 53) + 1, long.MaxValue / 2, long.MaxValue)));

    /// <summary>A step count or offset in [0, long.MaxValue].</summary>
    public static readonly Gen<long> StepsOrZero = Gen.Frequency((1, Gen.Const(0L)), (6, Steps));

    /// <summary>A step at which to evaluate: small, medium, anywhere, and the far edges.</summary>
    public static readonly Gen<long> Step = Gen.Frequency(
        (4, Gen.Long[0, 300]),
        (3, Gen.Long[0, 2_000_000]),
        (2, Gen.Long[0, long.MaxValue]),
        (1, Gen.OneOf(0L, 1L << 31, 1L << 53, (1L << 53) + 1, long.MaxValue / 2, long.MaxValue - 1, long.MaxValue)));

    private static readonly Gen<DecayShape> DecayShapes = Gen.Enum<DecayShape>();
    private static readonly Gen<WarmupShape> WarmupShapes = Gen.Enum<WarmupShape>();

    /// <summary>Leaf (non-composite) schedules, one generator per native type.</summary>
    public static readonly Gen<ILearningRateSchedule>[] LeafGenerators =
    [
        Value.Select(v => Make(() => new ConstantSchedule(v))),
        Gen.Select(Value, Value, Steps, StepsOrZero, (i, f, t, b) => Make(() => new LinearSchedule(i, f, t, b))),
        Gen.Select(Value, Steps, Value, Positive, Gen.Select(Positive, Gen.Bool), (i, t, f, e, cp) => Make(() => new CosineSchedule(i, t, f, e, cp.Item1, cp.Item2))),
        Gen.Select(Value, UnitFactor, Steps, StepsOrZero, Gen.Bool, Value.Nullable(), (i, r, t, b, st, end) => Make(() => new ExponentialSchedule(i, Math.Max(r, 1e-9), t, b, st, end))),
        Gen.Select(Value, Gen.Double[1, 3], Steps, Value, Gen.Bool, (i, r, t, end, st) => Make(() => new ExponentialSchedule(i, r, t, 0, st, end))),
        Gen.Select(Value, Steps, UnitFactor, (i, s, g) => Make(() => new StepSchedule(i, s, g))),
        Gen.Select(Value, Gen.Long[0, 1000].Array[0, 6], Gen.Double[0, 2], (i, m, g) => Make(() => new MultiStepSchedule(i, m.Order(), g))),
        Gen.Select(Gen.Long[0, 1000].Array[0, 6], Value.Array[7], Gen.Bool, (b, v, at) => Make(() => new PiecewiseConstantSchedule(
            b.Distinct().Order(), v.Take(b.Distinct().Count() + 1), at ? BoundaryMode.SwitchAt : BoundaryMode.SwitchAfter))),
        Gen.Select(Gen.Long[-1000, 1000].Array[1, 6], Value.Array[6], Gen.Bool, (b, v, lin) => Make(() => new PiecewiseInterpolationSchedule(
            b.Distinct().Order(), v.Take(b.Distinct().Count()), lin ? Interpolation.Linear : Interpolation.Cosine))),
        Gen.Select(Value, Value, Steps, Positive, Gen.Select(StepsOrZero, Gen.Bool), (i, f, t, p, bc) => Make(() => new PolynomialSchedule(i, f, t, p, bc.Item1, bc.Item2))),
        Gen.Select(Value, Gen.Double[0, 100], Steps, Gen.Bool, (i, r, t, st) => Make(() => new InverseTimeSchedule(i, r, t, st))),
        Gen.Select(Value, Positive, Positive.Nullable(), (i, ts, sh) => Make(() => new InverseSqrtSchedule(i, ts, sh))),
        Gen.Select(Value, Value, Steps, DecayShapes, Gen.Select(Positive, Positive.Nullable(), Positive), (i, f, n, shape, p) => Make(() => new AnnealSchedule(i, f, n, shape, p.Item1, p.Item2, p.Item3))),
        Restarts(),
        Gen.Select(Value, Steps, Gen.Double[0.01, 0.99], Gen.Bool, Gen.Select(Gen.Double[1, 100], Gen.Double[1, 1e5], Gen.Bool), (m, n, pct, cos, d) => Make(() => new OneCycleSchedule(
            m, Math.Max(n, 2), pct, cos ? Interpolation.Cosine : Interpolation.Linear, d.Item1, d.Item2, d.Item3))),
        Gen.Select(Value, Value, Gen.Long[1, 1000], Gen.Long[1, 1000].Nullable(), Gen.Select(Gen.Enum<CyclicMode>(), Gen.Double[0.5, 1]), (b, m, up, down, mg) => Make(() => new CyclicSchedule(b, m, up, down, mg.Item1, mg.Item2))),
        Gen.Select(Value, StepsOrZero, StepsOrZero, Steps, Gen.Select(Value, WarmupShapes, Value, DecayShapes, Gen.Select(Positive, Positive.Nullable(), Positive.Nullable())), (peak, w, s, d, rest) => Make(() => new WarmupStableDecaySchedule(
            peak, w, s, d, rest.Item1, rest.Item2, rest.Item3, rest.Item4, rest.Item5.Item1, rest.Item5.Item2, rest.Item5.Item3))),
        Gen.Select(Value, StepsOrZero, StepsOrZero, Value, Gen.Select(Steps.Nullable(), Steps, Value, DecayShapes, Gen.Select(Positive, DecayShapes, Value)), (peak, w, c, cv, rest) => Make(() => new InfiniteSchedule(
            peak, w, c, cv, rest.Item1, rest.Item2, rest.Item3, rest.Item4, rest.Item5.Item1, rest.Item5.Item2, rest.Item5.Item3))),
        Gen.Select(Value, Gen.Double[0, 2].Array[0, 40], Gen.Bool, UnitFactor, Gen.Select(Gen.Long[0, 5], Gen.Double[0, 0.1], Gen.Bool, Gen.Long[0, 3], Value), (i, m, min, f, rest) => Make(() => new PlateauSchedule(
            i, m, min ? PlateauMode.Min : PlateauMode.Max, Math.Min(f, 0.999), rest.Item1, rest.Item2, rest.Item3 ? ThresholdMode.Rel : ThresholdMode.Abs, rest.Item4, rest.Item5 / 100))),
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
            (1, Gen.Select(inner, StepsOrZero, (s, o) => Make(() => new ShiftedSchedule(s, o))).Where(s => s is not null)!));
    }

    private static Gen<ILearningRateSchedule> Restarts()
        => Gen.Select(
                Gen.Select(Value, Positive, Gen.Frequency((3, Gen.Const(1.0)), (2, Gen.Double[1, 3]), (1, Gen.OneOf(2.0, 3.0, 1e3)))),
                Gen.Select(UnitFactor, Value, Gen.Long[1, 20].Nullable(), Gen.Enum<CycleShape>()),
                Gen.Select(Positive, Gen.Double[-10, 0], Gen.Double[0.1, 10], Positive),
                Gen.Select(Gen.Bool, Gen.Long[0, 5], Value),
                (a, b, c, d) => Make(() => new RestartsSchedule(
                    a.Item1, a.Item2, a.Item3, b.Item1, b.Item2, b.Item3, b.Item4, c.Item1, c.Item2, c.Item3, c.Item4,
                    d.Item1 ? PeakDecayMode.Peak : PeakDecayMode.Amplitude, Math.Min(d.Item2, (long)Math.Ceiling(a.Item2) - 1), d.Item3)));

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
