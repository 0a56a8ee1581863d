using System.Globalization;
using CsCheck;
using LrSchedules.Schedules;
using LrSchedules.Torch;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// CsCheck generators of <c>torch.*</c> specs and of <see cref="LRScheduler"/> constructions whose every numeric argument is
/// drawn from the <em>edges</em> of its accepted range and just past them: 0, subnormals, 1e-100 and 1e100 (the port's
/// bounds), 1e300 and <see cref="double.MaxValue"/>, factors below and above 1, step counts of 1, 2^24, 2^31, 2^50, 2^53
/// and <see cref="long.MaxValue"/>. Unlike <see cref="ScheduleGenerators"/> these are not all valid: a property over them
/// accepts a rejection (<c>ScheduleSpecException</c>, <see cref="ArgumentException"/>) and checks every accepted one.
/// </summary>
internal static class TorchGenerators
{
    /// <summary>The port's largest <c>last_epoch</c> (<c>TorchLimits.MaxEpoch</c>).</summary>
    public const long MaxEpoch = 1L << 50;

    /// <summary>A learning rate (or <c>eta_min</c>, <c>max_lr</c>, ...), at the edges of <c>[0, 1e100]</c> and past them.</summary>
    public static readonly Gen<double> Lr = Gen.Frequency(
        (3, Gen.Double[0, 1]),
        (4, Gen.OneOf(0.0, double.Epsilon, 1e-320, 1e-300, 1e-8, 0.1, 1.0, 1e99, 1e100, 1.0000000000000002e100, 1e101, 1e300, double.MaxValue)));

    /// <summary>A factor in or around <c>[1e-100, 1]</c>.</summary>
    public static readonly Gen<double> Factor = Gen.Frequency(
        (3, Gen.Double[0, 1]),
        (4, Gen.OneOf(0.0, double.Epsilon, 1e-320, 1e-300, 1e-101, 1e-100, 1e-12, 0.5, 0.9999999999999999, 1.0, 1.0000000000000002, 2.0)));

    /// <summary>A decay (or growth) factor: 0, subnormal, below and above 1, huge.</summary>
    public static readonly Gen<double> Gamma = Gen.Frequency(
        (3, Gen.Double[0, 1]),
        (4, Gen.OneOf(0.0, double.Epsilon, 1e-300, 0.1, 0.9, 1.0, 1.0000000000000002, 1.5, 10.0, 1e100, 1e101, 1e200, 1e300, double.MaxValue)));

    /// <summary>A polynomial power.</summary>
    public static readonly Gen<double> Power = Gen.OneOf(-1.0, -1e-300, 0.0, double.Epsilon, 0.5, 1.0, 2.0, 1e300, double.MaxValue);

    /// <summary>A divisor (OneCycleLR's <c>div_factor</c>, <c>final_div_factor</c>).</summary>
    public static readonly Gen<double> Divisor = Gen.OneOf(-5.0, -double.Epsilon, 0.0, double.Epsilon, 1e-320, 1e-101, 1e-100, 0.5, 1.0, 25.0, 1e4, 1e100, 1e300, double.MaxValue);

    /// <summary>A fraction (pct_start, thresholds).</summary>
    public static readonly Gen<double> Fraction = Gen.Frequency((2, Gen.Double[0, 1]), (2, Gen.OneOf(0.0, 1e-300, 0.01, 0.3, 0.5, 0.99, 1.0)));

    /// <summary>A step count: mostly short (so a replay reaches its end), sometimes at the edges of the accepted ranges.</summary>
    public static readonly Gen<long> Steps = Gen.Frequency(
        (5, Gen.Long[1, 12]),
        (2, Gen.OneOf(0L, 1L, 2L, 3L, 1L << 24, (1L << 24) + 1, 1L << 31, 1_000_000_000L, MaxEpoch, 1L << 53, (1L << 53) + 1, long.MaxValue)));

    /// <summary>A step count of a construction: as <see cref="Steps"/>, more often near 2^53, where a far epoch meets it.</summary>
    public static readonly Gen<long> FarSteps = Gen.Frequency((3, Steps), (1, Gen.Long[1L << 51, 1L << 53]));

    /// <summary>An end factor: 0 (a decay to zero) more often.</summary>
    public static readonly Gen<double> EndFactor = Gen.Frequency((1, Gen.Const(0.0)), (2, Factor));

    /// <summary>OneCycleLR's <c>total_steps</c>: mostly a short valid cycle, sometimes an edge.</summary>
    public static readonly Gen<long> CycleSteps = Gen.Frequency((4, Gen.Long[2, 40]), (1, Steps));

    /// <summary>A cycle growth factor (<c>T_mult</c>).</summary>
    public static readonly Gen<long> Mult = Gen.OneOf(0L, 1L, 2L, 3L, 1L << 31, (1L << 31) + 1);

    /// <summary>A <c>torch.*</c> child spec (no <c>lr</c>), composites nested at most <paramref name="depth"/> deep.</summary>
    public static Gen<string> Child(int depth)
    {
        var leaf = Gen.OneOf(
            Gen.Select(Steps, Gamma, (s, g) => Spec("StepLR", ("step_size", I(s)), ("gamma", N(g)))),
            Gen.Select(Steps.Array[0, 4], Gamma, (m, g) => Spec("MultiStepLR", ("milestones", "[" + string.Join(",", m.Select(I)) + "]"), ("gamma", N(g)))),
            Gen.Select(Factor, Steps, (f, t) => Spec("ConstantLR", ("factor", N(f)), ("total_iters", I(t)))),
            Gen.Select(Factor, Factor, Steps, (a, b, t) => Spec("LinearLR", ("start_factor", N(a)), ("end_factor", N(b)), ("total_iters", I(t)))),
            Gamma.Select(g => Spec("ExponentialLR", ("gamma", N(g)))),
            Gen.Select(Steps, Power, (t, p) => Spec("PolynomialLR", ("total_iters", I(t)), ("power", N(p)))),
            Gen.Select(Steps, Lr, (t, e) => Spec("CosineAnnealingLR", ("T_max", I(t)), ("eta_min", N(e)))),
            Gen.Select(Steps, Mult, Lr, (t, m, e) => Spec("CosineAnnealingWarmRestarts", ("T_0", I(t)), ("T_mult", I(m)), ("eta_min", N(e)))),
            Gen.Select(Gen.Select(Lr, Lr, Steps, Steps), Gen.OneOf("triangular", "triangular2", "exp_range"), Gamma, Gen.Select(Gen.Bool, Lr, Lr), (b, mode, g, m) => Spec(
                "CyclicLR",
                ("base_lr", N(b.Item1)),
                ("max_lr", N(b.Item2)),
                ("step_size_up", I(b.Item3)),
                ("step_size_down", I(b.Item4)),
                ("mode", "\"" + mode + "\""),
                ("gamma", N(g)),
                ("cycle_momentum", m.Item1 ? "true" : "false"),
                ("base_momentum", N(m.Item2)),
                ("max_momentum", N(m.Item3)))),
            Gen.Select(Gen.Select(Lr, CycleSteps, Fraction, Gen.Bool), Divisor, Divisor, Gen.Select(Gen.Bool, Gen.Bool, Lr, Lr), (a, d, f, m) => Spec(
                "OneCycleLR",
                ("max_lr", N(a.Item1)),
                ("total_steps", I(a.Item2)),
                ("pct_start", N(a.Item3)),
                ("anneal_strategy", a.Item4 ? "\"cos\"" : "\"linear\""),
                ("div_factor", N(d)),
                ("final_div_factor", N(f)),
                ("three_phase", m.Item1 ? "true" : "false"),
                ("cycle_momentum", m.Item2 ? "true" : "false"),
                ("base_momentum", N(m.Item3)),
                ("max_momentum", N(m.Item4)))),
            Gen.Select(Lr.Array[1, 2], Steps, Gen.Bool, (swa, t, cos) => Spec(
                "SWALR",
                ("swa_lr", List(swa)),
                ("anneal_epochs", I(t)),
                ("anneal_strategy", cos ? "\"cos\"" : "\"linear\""))));
        if (depth == 0)
        {
            return leaf;
        }

        var inner = Child(depth - 1);
        return Gen.Frequency(
            (4, leaf),
            (1, Gen.Select(inner.Array[1, 3], Gen.Long[0, 12].Array[3], (children, m) => Spec(
                "SequentialLR",
                ("schedulers", "[" + string.Join(",", children) + "]"),
                ("milestones", "[" + string.Join(",", m.Take(children.Length - 1).Order().Select(I)) + "]")))),
            (1, inner.Array[1, 3].Select(children => Spec("ChainedScheduler", ("schedulers", "[" + string.Join(",", children) + "]")))));
    }

    /// <summary>A whole <c>torch.*</c> spec: a child with the optimizer's <c>lr</c> (one or two groups) and maybe a momentum, or a ReduceLROnPlateau.</summary>
    public static Gen<string> Spec() => Gen.Frequency(
        (6, Gen.Select(Child(2), Lr.Array[1, 2], Gen.OneOf(-1.0, 0.0, 0.9, 1e100, 1e101).Nullable(), (child, lrs, momentum) => WithGroups(child, lrs, momentum))),
        (2, Gen.Select(Child(2), Lr.Array[1, 2], Gen.OneOf("Adam", "AdamW"), Gen.OneOf(-0.1, 0.0, 0.5, 0.9, 0.9999999999999999, 1.0).Array[2], (child, lrs, optimizer, betas) =>
            "{" + child[1..^1] + ",\"lr\":" + List(lrs) + ",\"optimizer\":\"" + optimizer + "\",\"betas\":[" + N(betas[0]) + "," + N(betas[1]) + "]}")),
        (1, Gen.Select(Gen.Select(Gen.Bool, Factor, Gen.Long[0, 3], Fraction), Gen.Select(Gen.Long[0, 3], Lr, Lr), Gen.Double[-10, 10].Array[0, 30], Lr.Array[1, 2], (a, b, metrics, lrs) =>
            "{\"type\":\"torch.ReduceLROnPlateau\",\"lr\":" + List(lrs) + ",\"args\":{\"mode\":\"" + (a.Item1 ? "min" : "max") + "\",\"factor\":" + N(a.Item2) + ",\"patience\":" + I(a.Item3)
            + ",\"threshold\":" + N(a.Item4) + ",\"cooldown\":" + I(b.Item1) + ",\"min_lr\":" + N(b.Item2) + ",\"eps\":" + N(b.Item3) + "},\"metrics\":" + List(metrics) + "}")));

    /// <summary>
    /// A scheduler construction over one group (lr, initial_lr and momentum 0.9 given), at a <c>last_epoch</c> drawn from
    /// the edges (-1, 0, 2^31, 2^48, 2^50 - 1, 2^50, <see cref="long.MaxValue"/> - 1) or next to the scheduler's own period
    /// (T_max - 3 ... T_max + 2, where the recursive cosine's ratio is ill-conditioned), or a chain of two.
    /// </summary>
    public static Gen<Construction> Construction()
    {
        var leaf = Gen.OneOf(
            Gen.Select(FarSteps, Gamma, (s, g) => new Construction("StepLR(" + I(s) + ", " + N(g) + ")", s, (p, e) => new StepLR(p, s, g, e))),
            Gen.Select(Steps.Array[0, 4], Gamma, (m, g) => new Construction("MultiStepLR([" + string.Join(",", m) + "], " + N(g) + ")", m.Length > 0 ? m[0] : 1, (p, e) => new MultiStepLR(p, m, g, e))),
            Gen.Select(Factor, FarSteps, (f, t) => new Construction("ConstantLR(" + N(f) + ", " + I(t) + ")", t, (p, e) => new ConstantLR(p, f, t, e))),
            Gen.Select(Factor, EndFactor, FarSteps, (a, b, t) => new Construction("LinearLR(" + N(a) + ", " + N(b) + ", " + I(t) + ")", t, (p, e) => new LinearLR(p, a, b, t, e))),
            Gamma.Select(g => new Construction("ExponentialLR(" + N(g) + ")", 1, (p, e) => new ExponentialLR(p, g, e))),
            Gen.Select(FarSteps, Power, (t, w) => new Construction("PolynomialLR(" + I(t) + ", " + N(w) + ")", t, (p, e) => new PolynomialLR(p, t, w, e))),
            Gen.Select(CosinePeriod, Lr, (t, m) => new Construction("CosineAnnealingLR(" + I(t) + ", " + N(m) + ")", t, (p, e) => new CosineAnnealingLR(p, t, m, e))),
            Gen.Select(FarSteps, Mult, Lr, (t, k, m) => new Construction("CosineAnnealingWarmRestarts(" + I(t) + ", " + I(k) + ", " + N(m) + ")", t, (p, e) => new CosineAnnealingWarmRestarts(p, t, k, m, e))),
            Gen.Select(Lr, Lr, Steps, Gamma, (b, m, s, g) => new Construction("CyclicLR(" + N(b) + ", " + N(m) + ", " + I(s) + ", exp_range, " + N(g) + ")", s, (p, e) => new CyclicLR(p, [b], [m], s, null, CyclicMode.ExpRange, g, lastEpoch: e))),
            Gen.Select(Lr, Steps, Divisor, Divisor, (m, t, d, f) => new Construction("OneCycleLR(" + N(m) + ", " + I(t) + ", div " + N(d) + ", final " + N(f) + ")", t, (p, e) => new OneCycleLR(p, [m], t, divFactor: d, finalDivFactor: f, lastEpoch: e))),
            Gen.Select(Lr, Steps, Gen.Bool, (w, t, cos) => new Construction("SWALR(" + N(w) + ", " + I(t) + ", " + (cos ? "cos" : "linear") + ")", t, (p, e) => new SWALR(p, [w], t, cos ? Interpolation.Cosine : Interpolation.Linear, e))));
        return Gen.Frequency(
            (4, leaf),
            (1, Gen.Select(leaf, leaf, (a, b) => new Construction(
                "ChainedScheduler[" + a.Name + ", " + b.Name + "]",
                Math.Max(a.Period, b.Period),
                (p, e) => new ChainedScheduler(p, [a.Create(p, e), b.Create(p, e)])))));
    }

    /// <summary>A <c>last_epoch</c> for a construction whose period is <paramref name="period"/>.</summary>
    public static Gen<long> LastEpoch(long period) => Gen.Frequency(
        (2, Gen.OneOf(-1L, 0L, 5L, 1L << 31, 1L << 48, MaxEpoch - 3, MaxEpoch - 1, MaxEpoch, long.MaxValue - 1)),
        (4, Gen.Long[-3, 2].Select(d => period > long.MaxValue - 3 ? long.MaxValue - 1 : Math.Max(-1, period + d))),
        (1, Gen.Long[-1, MaxEpoch]));

    private static Gen<long> CosinePeriod => Gen.Frequency((3, Steps), (2, Gen.OneOf(1L << 24, (1L << 24) - 1, 1_000_000_000L, 1L << 40)));

    private static string WithGroups(string child, double[] lrs, double? momentum)
        => "{" + child[1..^1] + ",\"lr\":" + List(lrs) + (momentum is double m ? ",\"momentum\":" + N(m) : string.Empty) + "}";

    private static string Spec(string type, params (string Name, string Value)[] args)
        => "{\"type\":\"torch." + type + "\",\"args\":{" + string.Join(",", args.Select(a => "\"" + a.Name + "\":" + a.Value)) + "}}";

    private static string List(double[] values) => values.Length == 1 ? N(values[0]) : "[" + string.Join(",", values.Select(N)) + "]";

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A scheduler constructor over given groups at a given <c>last_epoch</c>, with a readable name and its main period.</summary>
internal sealed record Construction(string Name, long Period, Func<IParameterGroups, long, LRScheduler> Create)
{
    public override string ToString() => Name;
}
