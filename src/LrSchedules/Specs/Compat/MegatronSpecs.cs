using LrSchedules.Composition;
using LrSchedules.Internal;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>megatron.*</c>: Megatron-LM's OptimizerParamScheduler, taking the framework's own argument names, translated to native schedules.
/// </summary>
/// <remarks>
/// The value at step <c>k</c> is the learning rate after construction (which calls <c>step(0)</c>) and <c>k</c> calls of
/// <c>step(increment=1)</c>: Megatron's <c>num_steps = k</c>, counted in iterations. The weight-decay arguments are accepted
/// and checked as Megatron's constructor checks them, but do not change the learning rate.
/// </remarks>
internal static class MegatronSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    private static readonly (string, string)[] DecayStyles = [("constant", "constant"), ("linear", "linear"), ("cosine", "cosine"), ("inverse-square-root", "inverse-square-root"), ("WSD", "WSD")];
    private static readonly (string, DecayShape)[] WsdStyles = [("exponential", DecayShape.ShiftedExponential), ("linear", DecayShape.Linear), ("cosine", DecayShape.Cosine), ("minus_sqrt", DecayShape.OneMinusSqrt)];
    private static readonly (string, string)[] WdStyles = [("constant", "constant"), ("linear", "linear"), ("cosine", "cosine")];

    public static IEnumerable<SpecType> Types { get; } =
    [
        CompatSpec.ArgsOnly("megatron.OptimizerParamScheduler", "Megatron-LM OptimizerParamScheduler: linear warmup from init_lr, then constant, linear, cosine, inverse-square-root or WSD decay to min_lr.", Read),
    ];

    private static ILearningRateSchedule Read(SpecObject a)
    {
        double init = a.Number("init_lr", 0, 0, double.MaxValue);
        double max = a.Number("max_lr", 0, double.MaxValue);
        double min = a.Number("min_lr", 0, 0, double.MaxValue);
        long w = a.Integer("lr_warmup_steps", 0, 0, MaxSteps);
        long d = a.Integer("lr_decay_steps", 1, MaxSteps);
        string style = a.Choice("lr_decay_style", "linear", DecayStyles);
        long? wsdGiven = a.IntegerOrNull("wsd_decay_steps");
        var wsdShape = a.Choice("lr_wsd_decay_style", DecayShape.ShiftedExponential, WsdStyles);
        ReadWeightDecay(a);
        if (max < min)
        {
            throw new ScheduleSpecException(a.FieldPath("max_lr"), "must be at least min_lr (" + Guard.Format(min) + "), as Megatron asserts; got " + Guard.Format(max) + ".");
        }

        if (init > max)
        {
            throw new ScheduleSpecException(a.FieldPath("init_lr"), "must be at most max_lr (" + Guard.Format(max) + "), as Megatron asserts; got " + Guard.Format(init) + ".");
        }

        if (w >= d)
        {
            throw new ScheduleSpecException(a.FieldPath("lr_warmup_steps"), "must be less than lr_decay_steps (" + Guard.Format(d) + "), as Megatron asserts; got " + Guard.Format(w) + ".");
        }

        if (wsdGiven is long given && (given < 0 || given > MaxSteps))
        {
            throw new ScheduleSpecException(a.FieldPath("wsd_decay_steps"), "must be an integer in [0, " + Guard.Format(MaxSteps) + "] or null; got " + Guard.Format(given) + ".");
        }

        // The body, on the clock j = k - W: constant, linear, cosine, inverse-square-root or WSD.
        ILearningRateSchedule? body = style switch
        {
            "constant" => new ConstantSchedule(max),
            "linear" => new LinearSchedule(max, min, d - w),
            "cosine" => new CosineSchedule(max, d - w, min),
            "inverse-square-root" => InverseSquareRoot(max, min, w, d),
            _ => null,
        };

        // num_steps <= W (W > 0): init + (max - init) * k / W, max itself at k = W (also when WSD's anneal has already
        // begun there); the body from k = W + 1. WSD's body is built on that clock directly, the others are shifted by one.
        long bodyStart = w == 0 ? 0 : w + 1;
        body = body is null
            ? Wsd(max, min, bodyStart, d, wsdGiven ?? throw new ScheduleSpecException(a.FieldPath("wsd_decay_steps"), "missing required field for lr_decay_style \"WSD\" (Megatron asserts it is set)."), wsdShape)
            : w == 0 ? body : new ShiftedSchedule(body, 1);
        return w == 0
            ? body
            : new SequenceSchedule(new SchedulePhase(new LinearSchedule(init, max, w), w + 1), new SchedulePhase(body));
    }

    /// <summary>
    /// <c>max(min_lr, max_lr * sqrt(max(W, 1)) / sqrt(max(k, 1)))</c> for <c>k</c> up to <c>lr_decay_steps</c>, then
    /// <c>min_lr</c>: the decreasing curve until the first step it would fall below the floor, then the floor.
    /// </summary>
    private static SequenceSchedule InverseSquareRoot(double max, double min, long w, long d)
    {
        long k0 = Math.Max(w, 1);
        var phases = new List<SchedulePhase>();
        if (w == 0)
        {
            // k = 0 reads max(num_steps, 1) = 1: the value of k = 1.
            phases.Add(new SchedulePhase(new ConstantSchedule(max), 1));
        }

        var curve = new InverseSqrtSchedule(max, k0);
        long end = d + 1;
        if (min > 0)
        {
            // The first k with curve(k - k0) < min: near k0 (max / min)^2, then settled on the curve's own values.
            double guess = Math.Floor(k0 * (max / min) * (max / min)) + 1;
            long crossing = guess >= end ? end : Math.Max(k0 + 1, (long)guess);
            while (crossing > k0 + 1 && curve.GetLearningRate(crossing - 1 - k0) < min)
            {
                crossing--;
            }

            while (crossing < end && curve.GetLearningRate(crossing - k0) >= min)
            {
                crossing++;
            }

            end = crossing;
        }

        phases.Add(new SchedulePhase(curve, end - k0));
        phases.Add(new SchedulePhase(new ConstantSchedule(min)));
        return new SequenceSchedule(phases);
    }

    /// <summary>
    /// Megatron's WSD: <c>max_lr</c> up to the anneal start <c>A = lr_decay_steps - wsd_decay_steps</c>, then the anneal
    /// shape at <c>(k - A) / wsd_decay_steps</c> down to <c>min_lr</c> at <c>lr_decay_steps</c>, then <c>min_lr</c>. The
    /// body's clock starts at <c>k = bodyStart</c>, which may already be inside the anneal.
    /// </summary>
    private static ILearningRateSchedule Wsd(double max, double min, long bodyStart, long d, long wsd, DecayShape shape)
    {
        if (wsd == 0)
        {
            return new SequenceSchedule(new SchedulePhase(new ConstantSchedule(max), d - bodyStart + 1), new SchedulePhase(new ConstantSchedule(min)));
        }

        var anneal = new AnnealSchedule(max, min, wsd, shape);
        long start = d - wsd;
        return bodyStart == start ? anneal : bodyStart > start ? new ShiftedSchedule(anneal, bodyStart - start) : new HoldSchedule(anneal, start - bodyStart);
    }

    /// <summary>The weight-decay arguments: not a learning rate, read only so that Megatron's constructor checks apply.</summary>
    private static void ReadWeightDecay(SpecObject a)
    {
        double? start = a.NumberOrNull("start_wd");
        double? end = a.NumberOrNull("end_wd");
        long? incrSteps = a.IntegerOrNull("wd_incr_steps");
        string wdStyle = a.Choice("wd_incr_style", "constant", WdStyles);
        if (incrSteps is long n && (n < 0 || (n == 0 && wdStyle != "constant")))
        {
            throw new ScheduleSpecException(a.FieldPath("wd_incr_steps"), "must be an integer in [" + (wdStyle == "constant" ? "0" : "1") + ", 9223372036854775807] (Megatron divides by it for wd_incr_style \"" + wdStyle + "\"); got " + Guard.Format(n) + ".");
        }

        bool useCheckpoint = a.Boolean("use_checkpoint_opt_param_scheduler", true);
        bool overrideScheduler = a.Boolean("override_opt_param_scheduler", false);
        if (start is < 0)
        {
            throw new ScheduleSpecException(a.FieldPath("start_wd"), "must be a finite number in [0, +inf), as Megatron asserts; got " + Guard.Format(start.Value) + ".");
        }

        if (start is double s && end is double e && (e < s || (wdStyle == "constant" && e != s)))
        {
            throw new ScheduleSpecException(a.FieldPath("end_wd"), (wdStyle == "constant" ? "must equal start_wd for wd_incr_style \"constant\"" : "must be at least start_wd") + " (" + Guard.Format(s) + "), as Megatron asserts; got " + Guard.Format(e) + ".");
        }

        if (overrideScheduler && useCheckpoint)
        {
            throw new ScheduleSpecException(a.FieldPath("override_opt_param_scheduler"), "cannot be true together with use_checkpoint_opt_param_scheduler (Megatron asserts: both override and use-checkpoint are set).");
        }
    }
}
