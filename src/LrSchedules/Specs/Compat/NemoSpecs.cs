using System.Globalization;
using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>nemo.*</c>: NeMo's nemo/core/optim/lr_scheduler.py policies, taking the framework's own argument names, translated to native schedules.
/// </summary>
/// <remarks>
/// The value at step <c>k</c> is the optimizer's lr after construction and <c>k</c> calls of <c>scheduler.step()</c>
/// (NeMo's interval <c>step</c>), i.e. the policy's <c>get_lr()</c> at <c>last_epoch = k</c>. The common structure
/// (<c>WarmupPolicy</c>, <c>WarmupHoldPolicy</c>): for <c>W &gt; 0</c> and <c>k &lt;= W</c> the warmup
/// <c>lr * (k + 1) / (W + 1)</c>; then, for <c>W &lt;= k &lt; H</c> (the hold end <c>H = hold_steps + W</c>, 0 without a
/// hold), <c>lr</c>; then <c>min_lr</c> for <c>k &gt; max_steps</c>; otherwise the policy's own curve of the global step.
/// </remarks>
internal static class NemoSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    public static IEnumerable<SpecType> Types { get; } =
    [
        NemoType("nemo.WarmupPolicy", "NeMo WarmupPolicy: warmup (k+1)/(W+1), then lr; min_lr past max_steps.", (lr, a) =>
        {
            var p = Read(a, maxRequired: false, hold: false, minLrDefault: 0);
            return p.Build(lr, () => new ConstantSchedule(lr), origin: 0);
        }),
        NemoType("nemo.WarmupHoldPolicy", "NeMo WarmupHoldPolicy: warmup (k+1)/(W+1), hold lr, then lr; min_lr past max_steps.", (lr, a) =>
        {
            var p = Read(a, maxRequired: false, hold: true, minLrDefault: 0);
            return p.Build(lr, () => new ConstantSchedule(lr), origin: 0);
        }),
        NemoType("nemo.SquareAnnealing", "NeMo SquareAnnealing: warmup, then max(lr ((D - s) / D)^2, min_lr), s = k - W, D = max_steps - W.", (lr, a) =>
        {
            var p = Read(a, maxRequired: true, hold: false, minLrDefault: 1e-5);
            return p.Build(lr, () => new FloorSchedule(new PolynomialSchedule(lr, 0, p.DecaySteps(a, p.Warmup), 2), p.MinLr), origin: p.Warmup);
        }),
        NemoType("nemo.SquareRootAnnealing", "NeMo SquareRootAnnealing: warmup, then max(lr sqrt((M - k) / M), min_lr) on the global step.", (lr, a) =>
        {
            var p = Read(a, maxRequired: true, hold: false, minLrDefault: 0);
            return p.Build(lr, () => new FloorSchedule(new PolynomialSchedule(lr, 0, p.DecaySteps(a, 0), 0.5), p.MinLr), origin: 0);
        }),
        NemoType("nemo.CosineAnnealing", "NeMo CosineAnnealing: warmup, cosine to min_lr; with constant_steps Megatron's warmup k/W and min_lr for the last constant_steps.", Cosine),
        NemoType("nemo.NoamAnnealing", "NeMo NoamAnnealing: lr d_model^-0.5 min(s^-0.5, s W^-1.5), s = max(1, k); min_lr floor after warmup.", Noam),
        NemoType("nemo.NoamHoldAnnealing", "NeMo NoamHoldAnnealing: warmup, hold, then max(lr (W / (k - hold))^decay_rate, min_lr).", NoamHold),
        NemoType("nemo.WarmupAnnealing", "NeMo WarmupAnnealing: warmup, then linear from lr to min_lr at max_steps.", (lr, a) =>
        {
            var p = Read(a, maxRequired: true, hold: false, minLrDefault: 0);
            return p.Build(lr, () => new LinearSchedule(lr, p.MinLr, p.DecaySteps(a, p.Warmup)), origin: p.Warmup);
        }),
        NemoType("nemo.InverseSquareRootAnnealing", "NeMo InverseSquareRootAnnealing: warmup, then lr / sqrt((k + 1) / (W + 1)); min_lr past max_steps.", (lr, a) =>
        {
            var p = Read(a, maxRequired: true, hold: false, minLrDefault: 0);
            return p.Build(lr, () => new InverseSqrtSchedule(lr, p.Warmup + 1, 1), origin: 0);
        }),
        NemoType("nemo.T5InverseSquareRootAnnealing", "NeMo T5InverseSquareRootAnnealing: 1 / sqrt(max(k, constant_steps)) (lr not used, as in NeMo); min_lr past max_steps.", T5),
        NemoType("nemo.PolynomialDecayAnnealing", "NeMo PolynomialDecayAnnealing: warmup, then (lr - min_lr) (1 - s / D)^power + min_lr, s = k - W, D = max_steps - W.", (lr, a) =>
        {
            var p = Read(a, maxRequired: true, hold: false, minLrDefault: 0);
            double power = Power(a);

            // cycle changes nothing here: NeMo returns min_lr past max_steps, before the cycle's horizon stretches.
            a.Boolean("cycle", false);
            return p.Build(lr, () => new PolynomialSchedule(lr, p.MinLr, p.DecaySteps(a, p.Warmup), power), origin: p.Warmup);
        }),
        NemoType("nemo.PolynomialHoldDecayAnnealing", "NeMo PolynomialHoldDecayAnnealing: warmup, hold, then polynomial decay from the hold end (optional cycle).", (lr, a) =>
        {
            var p = Read(a, maxRequired: true, hold: true, minLrDefault: 0);
            double power = Power(a);
            bool cycle = a.Boolean("cycle", false);
            return p.Build(lr, () => new PolynomialSchedule(lr, p.MinLr, p.DecaySteps(a, Math.Max(p.Warmup, p.HoldEnd)), power, cycle: cycle), origin: p.HoldEnd);
        }),
        NemoType("nemo.WarmupHoldAnnealOneMinusSquareRoot", "NeMo WarmupHoldAnnealOneMinusSquareRoot: warmup, hold, then max(lr (1 - sqrt(s / D)), min_lr).", (lr, a) =>
        {
            var p = Read(a, maxRequired: true, hold: true, minLrDefault: 0);
            return p.Build(lr, () => new FloorSchedule(new AnnealSchedule(lr, 0, p.DecaySteps(a, p.HoldEnd), DecayShape.OneMinusSqrt), p.MinLr), origin: p.HoldEnd);
        }),
        NemoType("nemo.WarmupHoldAnnealLinear", "NeMo WarmupHoldAnnealLinear: warmup, hold, then linear from lr to min_lr at max_steps.", (lr, a) =>
        {
            var p = Read(a, maxRequired: true, hold: true, minLrDefault: 0);
            return p.Build(lr, () => new LinearSchedule(lr, p.MinLr, p.DecaySteps(a, p.HoldEnd)), origin: p.HoldEnd);
        }),
    ];

    /// <summary>
    /// A spec type reading <c>lr</c> and <c>args</c>; a combination of valid arguments that gives a native schedule out of
    /// its range (a value past double.MaxValue) is rejected as a spec error at <c>$.args</c>.
    /// </summary>
    private static SpecType NemoType(string name, string description, Func<double, SpecObject, ILearningRateSchedule> build)
        => CompatSpec.WithLr(name, description, (lr, a) =>
        {
            try
            {
                return build(lr, a);
            }
            catch (ArgumentException ex) when (a.Description is null)
            {
                throw new ScheduleSpecException(a.Path, "these arguments give a schedule outside the native ranges: " + (ex.Data[Internal.Guard.ReasonKey] as string ?? ex.Message), ex);
            }
        });

    private static ILearningRateSchedule Cosine(double lr, SpecObject a)
    {
        var p = Read(a, maxRequired: true, hold: false, minLrDefault: 0);
        long m = p.Max!.Value;
        long c = Steps(a, "constant_steps", "constant_ratio", m);
        if (lr < p.MinLr)
        {
            throw new ScheduleSpecException(a.FieldPath("min_lr"), "must not exceed lr (" + Format(lr) + "): NeMo's CosineAnnealing raises ValueError.");
        }

        if (c == 0)
        {
            return p.Build(lr, () => new CosineSchedule(lr, p.DecaySteps(a, p.Warmup), p.MinLr), origin: p.Warmup);
        }

        // Megatron's form: lr k / W for k <= W, cosine over D = max_steps - constant_steps - W, then min_lr.
        if (!(lr > p.MinLr))
        {
            throw new ScheduleSpecException(a.FieldPath("min_lr"), "must be less than lr (" + Format(lr) + ") with constant_steps: NeMo asserts max_lr > min_lr.");
        }

        long w = p.Warmup, d = m - c - w;
        var phases = new List<SchedulePhase>();
        long start = 0;
        if (w > 0)
        {
            phases.Add(new SchedulePhase(new LinearSchedule(0, lr, w), w + 1));
            start = w + 1;
        }

        if (w + d >= start && d >= 1)
        {
            phases.Add(new SchedulePhase(Shift(new CosineSchedule(lr, d, p.MinLr), start - w), w + d - start + 1));
        }

        phases.Add(new SchedulePhase(new ConstantSchedule(p.MinLr)));
        return Join(phases);
    }

    private static ILearningRateSchedule Noam(double lr, SpecObject a)
    {
        double dModel = a.Number("d_model", double.Epsilon, double.MaxValue);
        long? max = MaxOrNull(a, required: false);
        long w = Steps(a, "warmup_steps", "warmup_ratio", max);
        double minLr = a.Number("min_lr", 0, 0, double.MaxValue);
        LastEpoch(a);
        if (lr < minLr)
        {
            throw new ScheduleSpecException(a.FieldPath("min_lr"), "must not exceed lr (" + Format(lr) + "): NeMo's NoamAnnealing raises ValueError.");
        }

        double scale = lr * Math.Pow(dModel, -0.5);

        // s = max(1, k): step 0 takes step 1's value. After warmup (s > W): max(scale / sqrt(s), min_lr).
        var decay = new FloorSchedule(new InverseSqrtSchedule(scale, 1, w + 1), minLr);
        if (w == 0)
        {
            return new SequenceSchedule(new SchedulePhase(new ConstantSchedule(Math.Max(scale, minLr)), 1), new SchedulePhase(new FloorSchedule(new InverseSqrtSchedule(scale, 1, 1), minLr)));
        }

        // s <= W: scale s W^-1.5, the line from 0 to scale / sqrt(W) at s = W.
        var ramp = new LinearSchedule(0, scale * Math.Pow(w, -0.5), w);
        return new SequenceSchedule(
            new SchedulePhase(new ConstantSchedule(ramp.GetLearningRate(1)), 1),
            new SchedulePhase(new ShiftedSchedule(ramp, 1), w),
            new SchedulePhase(decay));
    }

    private static ILearningRateSchedule NoamHold(double lr, SpecObject a)
    {
        var p = Read(a, maxRequired: true, hold: true, minLrDefault: 0);
        double rate = a.Number("decay_rate", 0.5, 0, 1e9);
        if (p.Warmup == 0)
        {
            throw new ScheduleSpecException(a.FieldPath("warmup_steps"), "must be at least 1 (or warmup_ratio give at least 1 step): NeMo's NoamHoldAnnealing raises without warmup.");
        }

        if (rate != 0 && rate != 0.5 && rate != 1)
        {
            throw new ScheduleSpecException(a.FieldPath("decay_rate"), "must be 0, 0.5 (Noam) or 1.0 (Squeezeformer) here: other exponents of (W / (k - hold_steps))^decay_rate have no native shape yet; got " + Format(rate) + ".");
        }

        long w = p.Warmup;
        long holdSteps = p.HoldEnd > 0 ? p.HoldEnd - w : 0;

        // lr W^d / x^d with x = k - hold = W + j, j = k - (hold + W) >= 0 at every step that reaches the curve:
        // lr / sqrt((j + W) / W) for d = 0.5, lr / (1 + j / W) for d = 1.
        return p.Build(
            lr,
            () => rate switch
            {
                0 => new ConstantSchedule(Math.Max(lr, p.MinLr)),
                0.5 => new FloorSchedule(new InverseSqrtSchedule(lr, w, w), p.MinLr),
                _ => new FloorSchedule(new InverseTimeSchedule(lr, 1, w), p.MinLr),
            },
            origin: holdSteps + w);
    }

    private static ILearningRateSchedule T5(double lr, SpecObject a)
    {
        long m = MaxOrNull(a, required: true)!.Value;
        if (a.Has("constant_ratio"))
        {
            throw new ScheduleSpecException(a.FieldPath("constant_ratio"), "is not supported: NeMo's T5InverseSquareRootAnnealing computes 1 / constant_steps**0.5 from constant_steps itself and fails without it.");
        }

        long c = a.Integer("constant_steps", 1, MaxSteps);
        double minLr = a.Number("min_lr", 0, 0, double.MaxValue);
        LastEpoch(a);
        var phases = new List<SchedulePhase> { new(new ConstantSchedule(1 / Math.Sqrt(c)), c + 1) };
        if (m > c)
        {
            phases.Add(new SchedulePhase(new InverseSqrtSchedule(1, 1, c + 1), m - c));
        }

        phases.Add(new SchedulePhase(new ConstantSchedule(minLr)));
        return Join(phases);
    }

    private static Policy Read(SpecObject a, bool maxRequired, bool hold, double minLrDefault)
    {
        long? max = MaxOrNull(a, maxRequired);
        long w = Steps(a, "warmup_steps", "warmup_ratio", max);
        long holdEnd = 0;
        if (hold && (a.Has("hold_steps") || a.Has("hold_ratio")))
        {
            holdEnd = Steps(a, "hold_steps", "hold_ratio", max) + w;
        }
        else if (hold)
        {
            Steps(a, "hold_steps", "hold_ratio", max);
        }

        double minLr = a.Number("min_lr", minLrDefault, 0, double.MaxValue);
        LastEpoch(a);
        return new Policy(w, holdEnd, max, minLr);
    }

    private static long? MaxOrNull(SpecObject a, bool required)
        => required ? a.Integer("max_steps", 0, MaxSteps) : a.IntegerOrNull("max_steps") is long m ? CheckMax(a, m) : null;

    private static long CheckMax(SpecObject a, long m)
        => m >= 0 && m <= MaxSteps ? m : throw new ScheduleSpecException(a.FieldPath("max_steps"), "must be an integer in [0, " + MaxSteps.ToString(CultureInfo.InvariantCulture) + "]; got " + m.ToString(CultureInfo.InvariantCulture) + ".");

    /// <summary>NeMo's <c>x_steps</c> or <c>int(x_ratio * max_steps)</c> (one of them, the ratio only with max_steps), else 0.</summary>
    private static long Steps(SpecObject a, string stepsName, string ratioName, long? max)
    {
        long? steps = a.IntegerOrNull(stepsName);
        double? ratio = a.NumberOrNull(ratioName);
        if (steps is not null && ratio is not null)
        {
            throw new ScheduleSpecException(a.FieldPath(ratioName), "only one of " + stepsName + " or " + ratioName + " may be set (NeMo asserts).");
        }

        if (steps is long s)
        {
            return s >= 0 && s <= MaxSteps ? s : throw new ScheduleSpecException(a.FieldPath(stepsName), "must be an integer in [0, " + MaxSteps.ToString(CultureInfo.InvariantCulture) + "]; got " + s.ToString(CultureInfo.InvariantCulture) + ".");
        }

        if (ratio is double r)
        {
            if (!(r >= 0 && r <= 1))
            {
                throw new ScheduleSpecException(a.FieldPath(ratioName), "must be a finite number in [0, 1]; got " + Format(r) + ".");
            }

            return max is long m
                ? (long)(r * m)
                : throw new ScheduleSpecException(a.FieldPath("max_steps"), "must be set when " + ratioName + " is given (NeMo asserts).");
        }

        return 0;
    }

    private static void LastEpoch(SpecObject a)
    {
        if (a.Integer("last_epoch", -1) != -1)
        {
            throw new ScheduleSpecException(a.FieldPath("last_epoch"), "must be -1: a spec describes a schedule from its start (resuming is the step's job).");
        }
    }

    private static double Power(SpecObject a) => a.Number("power", 1.0, double.Epsilon, 1e9);

    private static ILearningRateSchedule Shift(ILearningRateSchedule schedule, long offset) => offset == 0 ? schedule : new ShiftedSchedule(schedule, offset);

    private static ILearningRateSchedule Join(List<SchedulePhase> phases) => phases.Count == 1 ? phases[0].Schedule : new SequenceSchedule(phases);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The resolved steps of a warmup/hold policy: warmup <c>W</c>, hold end <c>H</c>, <c>max_steps</c>, <c>min_lr</c>.</summary>
    private sealed record Policy(long Warmup, long HoldEnd, long? Max, double MinLr)
    {
        /// <summary>
        /// <c>max_steps - from</c>, the length NeMo divides by; at least 1 whenever a step reaches the curve (else NeMo
        /// divides by zero).
        /// </summary>
        public long DecaySteps(SpecObject a, long from)
        {
            long d = Max!.Value - from;
            return d >= 1 ? d : throw new ScheduleSpecException(a.FieldPath("max_steps"), "must exceed " + from.ToString(CultureInfo.InvariantCulture) + " (the steps before the decay), or NeMo divides by zero; got " + Max.Value.ToString(CultureInfo.InvariantCulture) + ".");
        }

        /// <summary>
        /// Warmup <c>lr (k + 1) / (W + 1)</c> for <c>k &lt;= W</c> (when <c>W &gt; 0</c>), <c>lr</c> for <c>W &lt;= k &lt; H</c>,
        /// the curve <paramref name="main"/> for <c>k &lt;= max_steps</c> and <c>min_lr</c> after. The curve is a function of
        /// <c>k - origin</c> (never negative where it is used); it is built only when some step reaches it.
        /// </summary>
        public ILearningRateSchedule Build(double lr, Func<ILearningRateSchedule> main, long origin)
        {
            var phases = new List<SchedulePhase>();
            long start = 0;
            if (Warmup > 0)
            {
                phases.Add(new SchedulePhase(new ShiftedSchedule(new LinearSchedule(0, lr, Warmup + 1), 1), Warmup + 1));
                start = Warmup + 1;
            }

            if (HoldEnd > start)
            {
                phases.Add(new SchedulePhase(new ConstantSchedule(lr), HoldEnd - start));
                start = HoldEnd;
            }

            long offset = start - origin;
            if (Max is not long m)
            {
                phases.Add(new SchedulePhase(Shift(main(), offset)));
                return Join(phases);
            }

            if (m >= start)
            {
                phases.Add(new SchedulePhase(Shift(main(), offset), m - start + 1));
                start = m + 1;
            }

            phases.Add(new SchedulePhase(new ConstantSchedule(MinLr)));
            return Join(phases);
        }
    }
}
