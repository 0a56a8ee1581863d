using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>hf.*</c>: HF transformers' <c>optimization.py</c> schedule functions, taking their own argument names, translated to
/// native schedules. HF schedules are <c>LambdaLR</c> factors; here they are multiplied by <c>lr</c> up front.
/// </summary>
internal static class HfSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    private static readonly (string, WarmupShape)[] WarmupTypes = [("linear", WarmupShape.Linear), ("cosine", WarmupShape.Cosine), ("1-sqrt", WarmupShape.OneMinusSqrt)];
    private static readonly (string, string)[] DecayTypes = [("linear", "linear"), ("cosine", "cosine"), ("1-sqrt", "1-sqrt")];

    public static IEnumerable<SpecType> Types { get; } =
    [
        CompatSpec.WithLr("hf.get_constant_schedule", "HF transformers get_constant_schedule.", (lr, a) => new ConstantSchedule(lr)),
        CompatSpec.WithLr("hf.get_constant_schedule_with_warmup", "HF transformers get_constant_schedule_with_warmup.", (lr, a) =>
            Warmup(lr, Steps(a, "num_warmup_steps"), new ConstantSchedule(lr))),
        CompatSpec.WithLr("hf.get_linear_schedule_with_warmup", "HF transformers get_linear_schedule_with_warmup.", (lr, a) =>
        {
            long w = Steps(a, "num_warmup_steps"), t = Steps(a, "num_training_steps");
            ILearningRateSchedule decay = t - w >= 1 ? new LinearSchedule(lr, 0, t - w) : new ConstantSchedule(0);
            return Warmup(lr, w, decay);
        }),
        CompatSpec.WithLr("hf.get_cosine_schedule_with_warmup", "HF transformers get_cosine_schedule_with_warmup (unclamped past num_training_steps).", (lr, a) =>
        {
            long w = Steps(a, "num_warmup_steps"), t = Steps(a, "num_training_steps");
            return Warmup(lr, w, new CosineSchedule(lr, Math.Max(1, t - w), 0, cycles: Cycles(a, 0.5), periodic: true));
        }),
        CompatSpec.WithLr("hf.get_cosine_with_hard_restarts_schedule_with_warmup", "HF transformers get_cosine_with_hard_restarts_schedule_with_warmup.", (lr, a) =>
        {
            long w = Steps(a, "num_warmup_steps"), t = Steps(a, "num_training_steps");
            long span = Math.Max(1, t - w);
            var restarts = new RestartsSchedule(lr, span / Cycles(a, 1.0));
            return Warmup(lr, w, new SequenceSchedule(new SchedulePhase(restarts, span), new SchedulePhase(new ConstantSchedule(0))));
        }),
        CompatSpec.WithLr("hf.get_polynomial_decay_schedule_with_warmup", "HF transformers get_polynomial_decay_schedule_with_warmup.", (lr, a) =>
        {
            long w = Steps(a, "num_warmup_steps"), t = Steps(a, "num_training_steps");
            double end = a.Number("lr_end", 1e-7, 0, double.MaxValue);
            double power = a.Number("power", 1.0, double.Epsilon, double.MaxValue);
            if (!(lr > end))
            {
                throw new ScheduleSpecException(a.FieldPath("lr_end"), "must be smaller than lr (" + lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "), as HF requires.");
            }

            if (t <= w)
            {
                throw new ScheduleSpecException(a.FieldPath("num_training_steps"), "must be greater than num_warmup_steps (HF divides by their difference).");
            }

            return Warmup(lr, w, new PolynomialSchedule(lr, end, t - w, power));
        }),
        CompatSpec.WithLr("hf.get_inverse_sqrt_schedule", "HF transformers get_inverse_sqrt_schedule (big_vision rsqrt).", (lr, a) =>
        {
            long w = Steps(a, "num_warmup_steps");
            double timescale = a.NumberOrNull("timescale") ?? (w != 0 ? w : 10_000);
            if (!(timescale > 0))
            {
                throw new ScheduleSpecException(a.FieldPath("timescale"), "must be a finite number in (0, +inf).");
            }

            return Warmup(lr, w, new InverseSqrtSchedule(lr, timescale, timescale));
        }),
        CompatSpec.WithLr("hf.get_cosine_with_min_lr_schedule_with_warmup", "HF transformers get_cosine_with_min_lr_schedule_with_warmup.", (lr, a) =>
        {
            long w = Steps(a, "num_warmup_steps"), t = Steps(a, "num_training_steps");
            double rate = MinLrRate(lr, a);
            return Warmup(lr, w, new CosineSchedule(lr, Math.Max(1, t - w), rate * lr, cycles: Cycles(a, 0.5), periodic: true));
        }),
        CompatSpec.WithLr("hf.get_cosine_with_min_lr_schedule_with_warmup_lr_rate", "HF transformers get_cosine_with_min_lr_schedule_with_warmup_lr_rate (off-by-one warmup).", (lr, a) =>
        {
            long w = Steps(a, "num_warmup_steps"), t = Steps(a, "num_training_steps");
            double rate = MinLrRate(lr, a);
            double? warmupRate = a.NumberOrNull("warmup_lr_rate");
            var cosine = new ShiftedSchedule(new CosineSchedule(lr, Math.Max(1, t - w), rate * lr, cycles: Cycles(a, 0.5), periodic: true), 1);
            if (w == 0)
            {
                return cosine;
            }

            // HF: (step + 1) / W without warmup_lr_rate; warmup_lr_rate + (1 - warmup_lr_rate) * step / max(1, W - 1) with it.
            ILearningRateSchedule warm = warmupRate is double r
                ? new LinearSchedule(CheckRate(a, "warmup_lr_rate", r) * lr, lr, Math.Max(1, w - 1))
                : new ShiftedSchedule(new LinearSchedule(0, lr, w), 1);
            return new SequenceSchedule(new SchedulePhase(warm, w), new SchedulePhase(cosine));
        }),
        CompatSpec.WithLr("hf.get_wsd_schedule", "HF transformers get_wsd_schedule (warmup-stable-decay).", (lr, a) =>
        {
            long w = Steps(a, "num_warmup_steps"), d = Steps(a, "num_decay_steps");
            long? total = a.IntegerOrNull("num_training_steps"), stableGiven = a.IntegerOrNull("num_stable_steps");
            long s = stableGiven ?? (total is long tt ? tt - w - d : throw new ScheduleSpecException(a.FieldPath("num_training_steps"), "either num_training_steps or num_stable_steps must be given."));
            if (s < 0 || s > MaxSteps)
            {
                throw new ScheduleSpecException(a.FieldPath(stableGiven is null ? "num_training_steps" : "num_stable_steps"), "must leave a stable phase of 0 or more steps; got " + s + ".");
            }

            var warmupShape = a.Choice("warmup_type", WarmupShape.Linear, WarmupTypes);
            string decayType = a.Choice("decay_type", "cosine", DecayTypes);
            double ratio = CheckRate(a, "min_lr_ratio", a.Number("min_lr_ratio", 0));
            double cycles = Cycles(a, 0.5);
            double floor = ratio * lr;
            var phases = new List<SchedulePhase>();
            if (s > 0)
            {
                phases.Add(new SchedulePhase(new ConstantSchedule(lr), s));
            }

            if (d > 0)
            {
                ILearningRateSchedule decay = decayType switch
                {
                    "linear" => new LinearSchedule(lr, floor, d),
                    "cosine" => new CosineSchedule(lr, d, floor, cycles: cycles),
                    _ => new AnnealSchedule(lr, floor, d, DecayShape.OneMinusSqrt),
                };
                phases.Add(new SchedulePhase(decay, d));
            }

            phases.Add(new SchedulePhase(new ConstantSchedule(floor)));
            return Warmup(lr, w, new SequenceSchedule(phases), floor, warmupShape);
        }),
    ];

    /// <summary>
    /// HF's warmup, <c>start + (lr - start) * f(step / W)</c> for <c>step &lt; W</c>, in front of <paramref name="body"/>
    /// whose clock starts at <c>W</c>. The warmup always ends at <paramref name="lr"/>, whatever the body's first value.
    /// </summary>
    private static ILearningRateSchedule Warmup(double lr, long warmupSteps, ILearningRateSchedule body, double start = 0, WarmupShape shape = WarmupShape.Linear)
        => warmupSteps == 0
            ? body
            : new SequenceSchedule(new SchedulePhase(new WarmupSchedule(new ConstantSchedule(lr), warmupSteps, start, shape), warmupSteps), new SchedulePhase(body));

    private static long Steps(SpecObject a, string name) => a.Integer(name, 0, MaxSteps);

    private static double Cycles(SpecObject a, double defaultValue) => a.Number("num_cycles", defaultValue, double.Epsilon, 1e9);

    private static double CheckRate(SpecObject a, string name, double value)
        => value >= 0 && value <= 1 ? value : throw new ScheduleSpecException(a.FieldPath(name), "must be a finite number in [0, 1]; got " + value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ".");

    private static double MinLrRate(double lr, SpecObject a)
    {
        double? minLr = a.NumberOrNull("min_lr"), rate = a.NumberOrNull("min_lr_rate");
        if (minLr is not null && rate is not null)
        {
            throw new ScheduleSpecException(a.FieldPath("min_lr_rate"), "only one of min_lr or min_lr_rate may be set.");
        }

        if (minLr is double m)
        {
            if (!(m >= 0 && m <= lr) || lr == 0)
            {
                throw new ScheduleSpecException(a.FieldPath("min_lr"), "must be a finite number in [0, lr] with lr > 0.");
            }

            return m / lr;
        }

        return rate is double r
            ? CheckRate(a, "min_lr_rate", r)
            : throw new ScheduleSpecException(a.FieldPath("min_lr"), "one of min_lr or min_lr_rate must be set.");
    }
}
