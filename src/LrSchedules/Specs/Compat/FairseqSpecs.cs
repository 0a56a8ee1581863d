using System.Globalization;
using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>fairseq.*</c>: fairseq's registered --lr-scheduler names, taking the framework's own argument names, translated to native schedules.
/// </summary>
/// <remarks>
/// <c>args</c> are the scheduler dataclass's fields plus <c>max_update</c>; <c>lr</c> is <c>optimization.lr</c> (a
/// number or a one-element list). The value at step <c>k</c> is the optimizer's lr after fairseq's trainer sequence
/// <c>step_update(0); step_begin_epoch(1); step_update(0)</c> and then <c>step_update(num_updates=k)</c>, all in epoch 1
/// (the epoch-based <c>fixed</c> and <c>polynomial_decay</c> read their epoch-1 learning rate at <c>step_begin_epoch(1)</c>).
/// </remarks>
internal static class FairseqSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    public static IEnumerable<SpecType> Types { get; } =
    [
        FairseqType("fairseq.fixed", "fairseq fixed: lr (or lr * lr_shrink^(2 - force_anneal) when force_anneal <= 1) in epoch 1, warmup (k+1)/warmup_updates.", Fixed),
        FairseqType("fairseq.inverse_sqrt", "fairseq inverse_sqrt: linear warmup from warmup_init_lr, then lr sqrt(warmup_updates / k).", InverseSqrt),
        FairseqType("fairseq.polynomial_decay", "fairseq polynomial_decay: warmup lr k/W, then polynomial decay to end_learning_rate at total_num_update.", PolynomialDecay),
        FairseqType("fairseq.tri_stage", "fairseq tri_stage: linear warmup, hold, exponential decay to lr * final_lr_scale (steps or phase_ratio).", TriStage),
        FairseqType("fairseq.cosine", "fairseq cosine: linear warmup, then cosine restarts (t_mult; lr_shrink on peak and floor).", Cosine),
        FairseqType("fairseq.step", "fairseq step: linear warmup, then max(lr * lr_decay^(s // lr_deacy_period), min_lr).", Step),
        FairseqType("fairseq.triangular", "fairseq triangular: triangle between lr and max_lr, lr_shrink per cycle (on lr too with shrink_min).", Triangular),
    ];

    /// <summary>
    /// A spec type reading <c>lr</c> and <c>args</c>; a combination of valid arguments that gives a native schedule out of
    /// its range (a value past double.MaxValue) is rejected as a spec error at <c>$.args</c>.
    /// </summary>
    private static SpecType FairseqType(string name, string description, Func<double, SpecObject, ILearningRateSchedule> build)
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

    private static ILearningRateSchedule Fixed(double lr, SpecObject a)
    {
        long? forceAnneal = OptionalSteps(a, "force_anneal");
        double shrink = a.Number("lr_shrink", 0.1, 0, 1);
        long w = a.Integer("warmup_updates", 0, 0, MaxSteps);
        MaxUpdate(a);

        // step_begin_epoch(1): lrs[0] before force_anneal, lrs[-1] * lr_shrink^(epoch + 1 - force_anneal) from it on.
        double epochLr = forceAnneal is long fa && fa <= 1 ? lr * Math.Pow(shrink, 2 - fa) : lr;
        return w == 0 ? new ConstantSchedule(epochLr) : new ShiftedSchedule(new LinearSchedule(0, epochLr, w), 1);
    }

    private static ILearningRateSchedule InverseSqrt(double lr, SpecObject a)
    {
        long w = a.Integer("warmup_updates", 4000, 1, MaxSteps);
        double init = WarmupInit(a, defaultValue: 0);
        MaxUpdate(a);
        return new SequenceSchedule(new SchedulePhase(new LinearSchedule(init, lr, w), w), new SchedulePhase(new InverseSqrtSchedule(lr, w, w)));
    }

    private static ILearningRateSchedule PolynomialDecay(double lr, SpecObject a)
    {
        long w = a.Integer("warmup_updates", 0, 0, MaxSteps);
        long? forceAnneal = OptionalSteps(a, "force_anneal");
        double end = a.Number("end_learning_rate", 0, 0, double.MaxValue);
        double power = a.Number("power", 1, double.Epsilon, 1e9);
        double? maxUpdate = MaxUpdate(a);
        long total = a.IntegerOrNull("total_num_update") is long t
            ? Check(a, "total_num_update", t, 1, MaxSteps)
            : maxUpdate is double m
                ? (m == Math.Floor(m) && m >= 1 && m <= MaxSteps ? (long)m : throw new ScheduleSpecException(a.FieldPath("max_update"), "must be an integer in [1, " + Format(MaxSteps) + "] when it gives total_num_update; got " + Format(m) + "."))
                : throw new ScheduleSpecException(a.FieldPath("total_num_update"), "missing: give total_num_update or max_update (fairseq's default).");

        // step_begin_epoch(1) with force_anneal <= 1 keeps the optimizer's current lr, which step_update(0) set: 0 in a
        // warmup, else (lr - end) + end.
        double epochLr = forceAnneal is long fa && fa <= 1 ? (w > 0 ? 0 : (lr - end) + end) : lr;
        var phases = new List<SchedulePhase>();
        long start = 0;
        if (w > 0)
        {
            phases.Add(new SchedulePhase(new LinearSchedule(0, epochLr, w), w + 1));
            start = w + 1;
        }

        if (total > start)
        {
            phases.Add(new SchedulePhase(Shift(new PolynomialSchedule(epochLr, end, total - w, power), start - w), total - start));
        }

        phases.Add(new SchedulePhase(new ConstantSchedule(end)));
        return Join(phases);
    }

    private static ILearningRateSchedule TriStage(double lr, SpecObject a)
    {
        long w = a.Integer("warmup_steps", 0, 0, MaxSteps);
        long h = a.Integer("hold_steps", 0, 0, MaxSteps);
        long d = a.Integer("decay_steps", 0, 0, MaxSteps);
        double[]? ratio = a.NumberArrayOrNull("phase_ratio");
        double initScale = a.Number("init_lr_scale", 0.01, 0, 1e9);
        double finalScale = a.Number("final_lr_scale", 0.01, double.Epsilon, 1e9);
        double? maxUpdate = MaxUpdate(a);
        if (ratio is not null)
        {
            if (ratio.Length != 3 || ratio.Any(r => !(r >= 0 && r <= 1)))
            {
                throw new ScheduleSpecException(a.FieldPath("phase_ratio"), "must be three numbers in [0, 1] (warmup, hold, decay).");
            }

            if (ratio[0] + ratio[1] + ratio[2] != 1)
            {
                throw new ScheduleSpecException(a.FieldPath("phase_ratio"), "must add up to 1 (fairseq asserts sum(phase_ratio) == 1).");
            }

            if (maxUpdate is not double m || !(m > 0))
            {
                throw new ScheduleSpecException(a.FieldPath("max_update"), "must be a number in (0, " + Format(MaxSteps) + "] with phase_ratio (fairseq asserts max_update > 0).");
            }

            (w, h, d) = ((long)(m * ratio[0]), (long)(m * ratio[1]), (long)(m * ratio[2]));
        }

        if (d == 0)
        {
            throw new ScheduleSpecException(a.FieldPath(ratio is null ? "decay_steps" : "phase_ratio"), "must give at least 1 decay step: fairseq divides by decay_steps.");
        }

        double init = initScale * lr, final = finalScale * lr;
        var phases = new List<SchedulePhase>();
        if (w > 0)
        {
            phases.Add(new SchedulePhase(new LinearSchedule(init, lr, w), w));
        }

        if (h > 0)
        {
            phases.Add(new SchedulePhase(new ConstantSchedule(lr), h));
        }

        // lr exp(-(-ln(final_lr_scale) / D) s) = lr final_lr_scale^(s / D) for s in [0, D], then lr * final_lr_scale.
        phases.Add(new SchedulePhase(new ExponentialSchedule(lr, finalScale, d), d + 1));
        phases.Add(new SchedulePhase(new ConstantSchedule(final)));
        return Join(phases);
    }

    private static ILearningRateSchedule Cosine(double lr, SpecObject a)
    {
        long w = a.Integer("warmup_updates", 0, 0, MaxSteps);
        double minLr = Math.Min(a.Number("min_lr", 0, 0, double.MaxValue), lr);
        double init = WarmupInit(a, defaultValue: minLr);
        double tMult = a.Number("t_mult", 1, 1, 1e9);
        double periodGiven = a.Number("lr_period_updates", -1, double.MinValue, MaxSteps);
        double shrink = a.Number("lr_shrink", 0.1, 0, 1);
        double? maxUpdate = MaxUpdate(a);
        double period = periodGiven > 0
            ? periodGiven
            : maxUpdate is double m && m > 0
                ? m - w
                : throw new ScheduleSpecException(a.FieldPath("lr_period_updates"), "missing: set lr_period_updates (> 0) or max_update (fairseq asserts max_update > 0 without it).");
        if (!(period > 0))
        {
            throw new ScheduleSpecException(a.FieldPath("max_update"), "must exceed warmup_updates when it gives the period (max_update - warmup_updates); got " + Format(maxUpdate ?? 0) + ".");
        }

        var restarts = new RestartsSchedule(lr, period, tMult, shrink, minLr, floorDecay: shrink);
        return w == 0 ? restarts : new SequenceSchedule(new SchedulePhase(new LinearSchedule(init, lr, w), w), new SchedulePhase(restarts));
    }

    private static ILearningRateSchedule Step(double lr, SpecObject a)
    {
        long w = a.Integer("warmup_updates", 0, 0, MaxSteps);
        double minLr = a.Number("min_lr", 0, 0, double.MaxValue);
        double init = WarmupInit(a, defaultValue: minLr);
        long period = a.Integer("lr_deacy_period", 25000, 1, MaxSteps);
        double decay = a.Number("lr_decay", 0.5, 0, 1);
        MaxUpdate(a);
        if (!(lr > minLr))
        {
            throw new ScheduleSpecException(a.FieldPath("min_lr"), "must be less than lr (" + Format(lr) + "): fairseq asserts max_lr > min_lr.");
        }

        var decayed = new FloorSchedule(new StepSchedule(lr, period, decay), minLr);
        return w == 0 ? decayed : new SequenceSchedule(new SchedulePhase(new LinearSchedule(init, lr, w), w), new SchedulePhase(decayed));
    }

    private static ILearningRateSchedule Triangular(double lr, SpecObject a)
    {
        double maxLr = a.Number("max_lr", 0, double.MaxValue);
        double period = a.Number("lr_period_updates", 5000, 2, MaxSteps);
        double shrink = a.Number("lr_shrink", 0.1, 0, 1);
        bool shrinkMin = a.Boolean("shrink_min", false);
        MaxUpdate(a);
        if (!(maxLr > lr))
        {
            throw new ScheduleSpecException(a.FieldPath("max_lr"), "must be more than lr (" + Format(lr) + "): fairseq asserts max_lr > lr.");
        }

        // stepsize = lr_period_updates // 2 (Python floor division of a float).
        long stepSize = (long)Math.Floor(period / 2);
        return new CyclicSchedule(lr, maxLr, stepSize, stepSize, CyclicMode.Triangular, cycleDecay: shrink, decayBase: shrinkMin);
    }

    /// <summary><c>warmup_init_lr</c>: a negative value (fairseq's default -1) means <paramref name="defaultValue"/>.</summary>
    private static double WarmupInit(SpecObject a, double defaultValue)
    {
        double v = a.Number("warmup_init_lr", -1, double.MinValue, double.MaxValue);
        return v < 0 ? defaultValue : v;
    }

    /// <summary><c>optimization.max_update</c>: accepted by every scheduler, used where fairseq uses it.</summary>
    private static double? MaxUpdate(SpecObject a)
    {
        double? m = a.NumberOrNull("max_update");
        return m is double v && !(v >= 0 && v <= MaxSteps)
            ? throw new ScheduleSpecException(a.FieldPath("max_update"), "must be a finite number in [0, " + Format(MaxSteps) + "]; got " + Format(v) + ".")
            : m;
    }

    private static long? OptionalSteps(SpecObject a, string name)
        => a.IntegerOrNull(name) is long v ? Check(a, name, v, 0, MaxSteps) : null;

    private static long Check(SpecObject a, string name, long value, long min, long max)
        => value >= min && value <= max ? value : throw new ScheduleSpecException(a.FieldPath(name), "must be an integer in [" + Format(min) + ", " + Format(max) + "]; got " + Format(value) + ".");

    private static ILearningRateSchedule Shift(ILearningRateSchedule schedule, long offset) => offset == 0 ? schedule : new ShiftedSchedule(schedule, offset);

    private static ILearningRateSchedule Join(List<SchedulePhase> phases) => phases.Count == 1 ? phases[0].Schedule : new SequenceSchedule(phases);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
