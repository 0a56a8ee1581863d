using System.Globalization;
using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>mxnet.*</c>: MXNet's mxnet.lr_scheduler schedulers, taking the framework's own argument names, translated to native schedules.
/// </summary>
/// <remarks>
/// MXNet's optimizer counts the update before asking the scheduler: the value at optimizer step <c>k</c> is
/// <c>scheduler(num_update = k + 1)</c>, the scheduler called in order. So the warmup (<c>num_update &lt; warmup_steps</c>)
/// covers steps <c>0 .. warmup_steps - 2</c> with <c>warmup(k + 1)</c>, <c>FactorScheduler</c> has decayed
/// <c>floor(k / step)</c> times at step <c>k</c> (its stateful counter catches up once the warmup is over),
/// <c>MultiFactorScheduler</c> has decayed once for every entry of <c>step</c> at or below <c>k</c>, and the polynomial and
/// cosine decays run on <c>t = k + 1 - warmup_steps</c>, holding their last value past <c>max_update</c>.
/// </remarks>
internal static class MxnetSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    private static readonly (string, bool)[] WarmupModes = [("linear", true), ("constant", false)];

    public static IEnumerable<SpecType> Types { get; } =
    [
        CompatSpec.ArgsOnly("mxnet.FactorScheduler", "MXNet FactorScheduler (factor every step updates, stop_factor_lr floor, warmup).", a =>
        {
            long step = a.Integer("step", 1, MaxSteps);
            double factor = a.Number("factor", 1, 0, 1);
            double stop = a.Number("stop_factor_lr", 1e-8, 0, double.MaxValue);
            var (baseLr, warmup) = Warmup(a);
            return warmup(Factor(baseLr, step, factor, stop), true);
        }),
        CompatSpec.ArgsOnly("mxnet.MultiFactorScheduler", "MXNet MultiFactorScheduler (factor after each listed update, warmup).", a =>
        {
            long[] steps = a.IntegerArray("step", 1, MaxSteps);
            if (steps.Length == 0)
            {
                throw new ScheduleSpecException(a.FieldPath("step"), "must list at least one update, as MXNet requires.");
            }

            for (int i = 1; i < steps.Length; i++)
            {
                if (steps[i] <= steps[i - 1])
                {
                    throw new ScheduleSpecException(a.FieldPath("step") + "[" + i + "]", "must be an increasing list (MXNet); got " + steps[i] + " after " + steps[i - 1] + ".");
                }
            }

            double factor = a.Number("factor", 1, 0, 1);
            var (baseLr, warmup) = Warmup(a);
            return warmup(a.Build(() => new MultiStepSchedule(baseLr, steps, factor), p => p == "milestones" ? "step" : p == "gamma" ? "factor" : "base_lr"), true);
        }),
        CompatSpec.ArgsOnly("mxnet.PolyScheduler", "MXNet PolyScheduler (polynomial decay to final_lr over max_update, warmup).", a =>
        {
            long maxUpdate = a.Integer("max_update", 1, MaxSteps);
            double pwr = a.Number("pwr", 2, double.Epsilon, 1e9);
            double finalLr = a.Number("final_lr", 0, 0, double.MaxValue);
            var (baseLr, warmup) = Warmup(a);
            return Decay(a, maxUpdate, baseLr, warmup, m => new PolynomialSchedule(baseLr, finalLr, m, pwr));
        }),
        CompatSpec.ArgsOnly("mxnet.CosineScheduler", "MXNet CosineScheduler (half-cosine decay to final_lr over max_update, warmup).", a =>
        {
            long maxUpdate = a.Integer("max_update", 1, MaxSteps);
            double finalLr = a.Number("final_lr", 0, 0, double.MaxValue);
            var (baseLr, warmup) = Warmup(a);
            return Decay(a, maxUpdate, baseLr, warmup, m => new CosineSchedule(baseLr, m, finalLr));
        }),
    ];

    /// <summary>
    /// Reads <c>base_lr</c> and the warmup arguments; returns <c>base_lr</c> and a function putting the warmup in front of the
    /// main schedule, which sees the global step (<c>globalClock</c>) or a clock starting at 0 at <c>num_update = warmup_steps</c>.
    /// </summary>
    private static (double BaseLr, Func<ILearningRateSchedule, bool, ILearningRateSchedule> Warmup) Warmup(SpecObject a)
    {
        double baseLr = a.Number("base_lr", 0.01, 0, double.MaxValue);
        long w = a.Integer("warmup_steps", 0, 0, MaxSteps);
        double begin = a.Number("warmup_begin_lr", 0, 0, double.MaxValue);
        bool linear = a.Choice("warmup_mode", true, WarmupModes);
        if (begin > baseLr)
        {
            throw new ScheduleSpecException(a.FieldPath("warmup_begin_lr"), "must not exceed base_lr (" + baseLr.ToString("R", CultureInfo.InvariantCulture) + "), as MXNet requires; got " + begin.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        // Steps 0 .. w - 2 (num_update = k + 1 < w) are the warmup: begin + (base_lr - begin) * (k + 1) / w, or begin.
        return (baseLr, (main, globalClock) =>
        {
            if (w <= 1)
            {
                return main;
            }

            ILearningRateSchedule warm = linear ? new ShiftedSchedule(new LinearSchedule(begin, baseLr, w), 1) : new ConstantSchedule(begin);
            ILearningRateSchedule after = globalClock ? new ShiftedSchedule(main, w - 1) : main;
            return new SequenceSchedule(new SchedulePhase(warm, w - 1), new SchedulePhase(after));
        });
    }

    /// <summary>
    /// FactorScheduler after its warmup: <c>base_lr * factor^floor(k / step)</c>, where MXNet multiplies the running value
    /// and, once it falls below <c>stop_factor_lr</c>, sets it to <c>stop_factor_lr</c> for good (also when <c>base_lr</c>
    /// starts below it: the first decay then raises it to <c>stop_factor_lr</c>).
    /// </summary>
    private static ILearningRateSchedule Factor(double baseLr, long step, double factor, double stop)
    {
        var decay = new StepSchedule(baseLr, step, factor);
        long maxStairs = long.MaxValue / step;
        if (stop == 0 || baseLr * Math.Pow(factor, maxStairs) >= stop)
        {
            return decay;
        }

        // The first stair d >= 1 whose value falls below stop_factor_lr (the value is non-increasing in d).
        long lo = 1, hi = maxStairs;
        while (lo < hi)
        {
            long mid = lo + ((hi - lo) / 2);
            if (baseLr * Math.Pow(factor, mid) < stop)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return new SequenceSchedule(new SchedulePhase(decay, lo * step), new SchedulePhase(new ConstantSchedule(stop)));
    }

    /// <summary>
    /// PolyScheduler and CosineScheduler: the decay over <c>max_steps = max_update - warmup_steps</c> on
    /// <c>t = k + 1 - warmup_steps</c>; with <c>max_update &lt; warmup_steps</c> MXNet never updates its value after the
    /// warmup and keeps <c>base_lr</c>.
    /// </summary>
    private static ILearningRateSchedule Decay(SpecObject a, long maxUpdate, double baseLr, Func<ILearningRateSchedule, bool, ILearningRateSchedule> warmup, Func<long, ILearningRateSchedule> decay)
    {
        long w = a.Integer("warmup_steps", 0, 0, MaxSteps);
        if (maxUpdate == w)
        {
            throw new ScheduleSpecException(a.FieldPath("max_update"), "must differ from warmup_steps (" + w + "): MXNet divides by max_update - warmup_steps (ZeroDivisionError).");
        }

        if (maxUpdate < w)
        {
            return warmup(new ConstantSchedule(baseLr), false);
        }

        var main = decay(maxUpdate - w);

        // warmup_steps = 0: the first call (num_update = 1) is already one update into the decay.
        return w == 0 ? new ShiftedSchedule(main, 1) : warmup(main, false);
    }
}
