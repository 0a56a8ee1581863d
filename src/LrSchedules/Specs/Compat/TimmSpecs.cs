using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>timm.*</c>: pytorch-image-models' schedulers, taking their own argument names, translated to native schedules.
/// The value at step <c>k</c> is what the scheduler sets after <c>step(epoch=k)</c> (or <c>step_update(num_updates=k)</c>
/// when <c>t_in_epochs</c> is false); noise is not supported.
/// </summary>
internal static class TimmSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    private static readonly (string, PlateauMode)[] Modes = [("min", PlateauMode.Min), ("max", PlateauMode.Max)];

    public static IEnumerable<SpecType> Types { get; } =
    [
        CompatSpec.WithLr("timm.CosineLRScheduler", "timm CosineLRScheduler (restarts, cycle decay and limit, k-decay, warmup).", (lr, a) =>
            Cycles(lr, a, CycleShape.Cosine, power: 1, kDecay: a.Number("k_decay", 1, double.Epsilon, 1e9), targetAtWarmupEnd: false)),
        CompatSpec.WithLr("timm.TanhLRScheduler", "timm TanhLRScheduler (tanh cycles with restarts and warmup).", (lr, a) =>
            Cycles(lr, a, CycleShape.Tanh, power: 1, kDecay: 1, targetAtWarmupEnd: true)),
        CompatSpec.WithLr("timm.PolyLRScheduler", "timm PolyLRScheduler (polynomial cycles, k-decay, warmup).", (lr, a) =>
            Cycles(lr, a, CycleShape.Power, power: a.Number("power", 0.5, double.Epsilon, 1e9), kDecay: a.Number("k_decay", 1, double.Epsilon, 1e9), targetAtWarmupEnd: false)),
        CompatSpec.WithLr("timm.StepLRScheduler", "timm StepLRScheduler.", (lr, a) =>
        {
            var main = new StepSchedule(lr, a.Integer("decay_t", 1, MaxSteps), a.Number("decay_rate", 1.0, 0, 1));
            return Warmup(lr, a, main, targetAtWarmupEnd: false);
        }),
        CompatSpec.WithLr("timm.MultiStepLRScheduler", "timm MultiStepLRScheduler (decays one step early, as timm does).", (lr, a) =>
        {
            long[] decayT = a.IntegerArray("decay_t", 0, long.MaxValue);
            double decayRate = a.Number("decay_rate", 1.0, 0, 1);
            var main = a.Build(() => new MultiStepSchedule(lr, decayT.Select(d => Math.Max(0, d - 1)), decayRate), TimmName);
            return Warmup(lr, a, main, targetAtWarmupEnd: false);
        }),
        CompatSpec.WithLr("timm.PlateauLRScheduler", "timm PlateauLRScheduler (metrics from the spec or lrs eval --metrics).", (lr, a) =>
        {
            double[] metrics = a.MetricHistory();
            long w = a.Integer("warmup_t", 0, 0, MaxSteps);
            double init = a.Number("warmup_lr_init", 0, 0, double.MaxValue);
            a.Boolean("verbose", true);
            a.Boolean("initialize", true);
            NoNoise(a);
            var plateau = a.Build(() => new PlateauSchedule(
                lr,
                metrics.Skip((int)Math.Min(w, metrics.Length)),
                a.Choice("mode", PlateauMode.Max, Modes),
                a.Number("decay_rate", 0.1),
                a.Integer("patience_t", 10),
                a.Number("threshold", 1e-4),
                ThresholdMode.Rel,
                a.Integer("cooldown_t", 0),
                a.Number("lr_min", 0)), TimmName);
            return w == 0 ? plateau : new SequenceSchedule(new SchedulePhase(new LinearSchedule(init, lr, w), w), new SchedulePhase(plateau));
        }),
    ];

    private static ILearningRateSchedule Cycles(double lr, SpecObject a, CycleShape shape, double power, double kDecay, bool targetAtWarmupEnd)
    {
        long tInitial = a.Integer("t_initial", 1, MaxSteps);
        double lrMin = a.Number("lr_min", 0, 0, double.MaxValue);
        double cycleMul = a.Number("cycle_mul", 1, 1, 1e9);
        double cycleDecay = a.Number("cycle_decay", 1, 0, 1);
        long cycleLimit = a.Integer("cycle_limit", 1, 0, MaxSteps);
        double lb = shape == CycleShape.Tanh ? a.Number("lb", -7) : -7;
        double ub = shape == CycleShape.Tanh ? a.Number("ub", 3) : 3;
        ILearningRateSchedule main = cycleLimit == 0
            ? new ConstantSchedule(lrMin)
            : a.Build(() => new RestartsSchedule(lr, tInitial, cycleMul, cycleDecay, lrMin, cycleLimit, shape, power, lb, ub, kDecay), TimmName);
        return Warmup(lr, a, main, targetAtWarmupEnd);
    }

    /// <summary>
    /// timm's warmup: <c>warmup_lr_init + t * (target - warmup_lr_init) / warmup_t</c> for <c>t &lt; warmup_t</c>, where the
    /// target is the base lr (or, for tanh without prefix, the schedule's value at <c>warmup_t</c>); then the main schedule,
    /// whose clock starts at <c>warmup_t</c> with <c>warmup_prefix</c> and at 0 without it.
    /// </summary>
    private static ILearningRateSchedule Warmup(double lr, SpecObject a, ILearningRateSchedule main, bool targetAtWarmupEnd)
    {
        long w = a.Integer("warmup_t", 0, 0, MaxSteps);
        double init = a.Number("warmup_lr_init", 0, 0, double.MaxValue);
        bool prefix = a.Boolean("warmup_prefix", false);
        a.Boolean("t_in_epochs", true);
        a.Boolean("initialize", true);
        NoNoise(a);
        if (w == 0)
        {
            return main;
        }

        ILearningRateSchedule after = prefix ? main : new ShiftedSchedule(main, w);
        double target = !prefix && targetAtWarmupEnd ? main.GetLearningRate(w) : lr;
        return new SequenceSchedule(new SchedulePhase(new LinearSchedule(init, target, w), w), new SchedulePhase(after));
    }

    /// <summary>timm's argument name for a native constructor parameter.</summary>
    private static string TimmName(string parameter) => parameter switch
    {
        "tanhLower" => "lb",
        "tanhUpper" => "ub",
        "factor" => "decay_rate",
        "patience" => "patience_t",
        "cooldown" => "cooldown_t",
        "minValue" => "lr_min",
        "milestones" => "decay_t",
        "gamma" => "decay_rate",
        _ => SpecObject.ToSnakeCase(parameter),
    };

    private static void NoNoise(SpecObject a)
    {
        if (a.Has("noise_range_t"))
        {
            throw new ScheduleSpecException(a.FieldPath("noise_range_t"), "noise is not supported: a schedule here is a deterministic function of the step.");
        }

        a.Number("noise_pct", 0.67);
        a.Number("noise_std", 1.0);
        a.NumberOrNull("noise_seed");
        a.String("noise_type", "normal");
    }
}
