using System.Text.Json;
using LrSchedules.Composition;
using LrSchedules.Internal;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>deepspeed.*</c>: DeepSpeed's deepspeed/runtime/lr_schedules.py schedulers (the params of a ds_config scheduler section), taking the framework's own argument names, translated to native schedules.
/// </summary>
/// <remarks>
/// The value at step <c>k</c> is the optimizer's learning rate after construction and <c>k</c> calls of <c>step()</c>: the
/// DeepSpeed engine steps its scheduler after every optimizer step, so step 0 runs with the value the constructor set and
/// every formula below is read at DeepSpeed's <c>last_batch_iteration = k - 1</c>.
/// </remarks>
internal static class DeepSpeedSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    private static readonly (string, WarmupShape)[] WarmupTypes = [("log", WarmupShape.Logarithmic), ("linear", WarmupShape.Linear)];

    public static IEnumerable<SpecType> Types { get; } =
    [
        Grouped("deepspeed.WarmupLR", "DeepSpeed WarmupLR: log or linear warmup from warmup_min_lr to warmup_max_lr, then constant.", (spec, a) =>
        {
            var (min, max, w, shape) = ReadWarmup(a);
            return Groups(spec, min.Length, g => new HoldSchedule(Warmup(new ConstantSchedule(max[g]), w, min[g], shape), 1));
        }),
        Grouped("deepspeed.WarmupDecayLR", "DeepSpeed WarmupDecayLR: log or linear warmup, then linear decay to warmup_min_lr at total_num_steps.", (spec, a) =>
        {
            long total = a.Integer("total_num_steps", 0, MaxSteps);
            var (min, max, w, shape) = ReadWarmup(a);
            return Groups(spec, min.Length, g =>
            {
                ILearningRateSchedule decay = total > w ? new LinearSchedule(max[g], min[g], total - w) : new ConstantSchedule(min[g]);
                return new HoldSchedule(new SequenceSchedule(new SchedulePhase(Warmup(new ConstantSchedule(max[g]), w, min[g], shape), w), new SchedulePhase(decay)), 1);
            });
        }),
        new("deepspeed.WarmupCosineLR", "DeepSpeed WarmupCosineLR: ratios of lr; log or linear warmup, then cosine to cos_min_ratio (unclamped past total_num_steps).", ReadWarmupCosine),
        new("deepspeed.OneCycle", "DeepSpeed OneCycle: linear cycle cycle_min_lr -> cycle_max_lr -> cycle_min_lr, then inverse-time decay; cycles momentum (Adam betas[0]) with cycle_momentum.", ReadOneCycle),
        Grouped("deepspeed.LRRangeTest", "DeepSpeed LRRangeTest: unbounded linear or staircase growth lr_range_test_min_lr * (1 + step_rate * interval).", (spec, a) =>
        {
            double[] min = LrValues(a, "lr_range_test_min_lr", 1e-3, 0);
            long size = a.Integer("lr_range_test_step_size", 2000, 1, MaxSteps);
            double rate = a.Number("lr_range_test_step_rate", 1.0, 0, double.MaxValue);
            bool staircase = a.Boolean("lr_range_test_staircase", false);
            return Groups(spec, min.Length, g => new RampSchedule(min[g], rate, size, staircase));
        }),
    ];

    /// <summary>A spec type read from <c>args</c> (no <c>lr</c>) whose reader also sees the whole spec, for per-group results.</summary>
    private static SpecType Grouped(string name, string description, Func<SpecObject, SpecObject, ILearningRateSchedule> build)
        => new(name, description, spec =>
        {
            var args = spec.OptionalObject("args", null);
            var schedule = build(spec, args);
            args.EnsureNoUnknownFields();
            return schedule;
        });

    /// <summary>One group's schedule itself; several groups (DeepSpeed's per-group lists) as a grouped schedule written back as the spec.</summary>
    private static ILearningRateSchedule Groups(SpecObject spec, int count, Func<int, ILearningRateSchedule> group)
    {
        if (count == 1)
        {
            return group(0);
        }

        var groups = new ILearningRateSchedule[count];
        for (int g = 0; g < count; g++)
        {
            groups[g] = group(g);
        }

        return new GroupedCompatSchedule(groups, null, spec.ToNode().ToJsonString());
    }

    private static ILearningRateSchedule ReadWarmupCosine(SpecObject spec)
    {
        double[] lrs = LrValues(spec, "lr", null, 0);
        var a = spec.OptionalObject("args", null);
        long total = a.Integer("total_num_steps", 0, MaxSteps);
        double minRatio = a.Number("warmup_min_ratio", 0, 0, double.MaxValue);
        long w = WarmupSteps(a);
        double cosMinRatio = a.Number("cos_min_ratio", 0.0001, 0, double.MaxValue);
        var shape = a.Choice("warmup_type", WarmupShape.Logarithmic, WarmupTypes);
        a.EnsureNoUnknownFields();
        if (total == w)
        {
            throw new ScheduleSpecException(a.FieldPath("total_num_steps"), "must differ from max(2, warmup_num_steps) = " + w + " (DeepSpeed divides by their difference).");
        }

        return Groups(spec, lrs.Length, g =>
        {
            double lr = lrs[g];
            double start = Finite(a, "warmup_min_ratio", lr * minRatio);
            double floor = Finite(a, "cos_min_ratio", lr * cosMinRatio);

            // Step 0: the constructor's get_lr before any step returns [0.0], which update_lr zips with the groups: group 0
            // gets 0.0, the others keep the optimizer's lr. DeepSpeed's cosine starts at position 1 on the step after the
            // warmup, and cos is even, so total < warmup is the same cosine over warmup - total steps.
            var cosine = new ShiftedSchedule(new CosineSchedule(lr, Math.Abs(total - w), floor, periodic: true), 1);
            return new SequenceSchedule(
                new SchedulePhase(new ConstantSchedule(g == 0 ? 0 : lr), 1),
                new SchedulePhase(Warmup(new ConstantSchedule(lr), w, start, shape), w),
                new SchedulePhase(cosine));
        });
    }

    /// <summary>The warmup arguments shared by WarmupLR and WarmupDecayLR; the step count is DeepSpeed's <c>max(2, warmup_num_steps)</c>.</summary>
    private static (double[] Min, double[] Max, long Steps, WarmupShape Shape) ReadWarmup(SpecObject a)
    {
        double[] min = LrValues(a, "warmup_min_lr", 0, 0);
        double[] max = LrValues(a, "warmup_max_lr", 0.001, min.Length);
        if (min.Length == 1 && max.Length > 1)
        {
            min = LrValues(a, "warmup_min_lr", 0, max.Length);
        }

        long w = WarmupSteps(a);
        var shape = a.Choice("warmup_type", WarmupShape.Logarithmic, WarmupTypes);
        return (min, max, w, shape);
    }

    private static long WarmupSteps(SpecObject a) => Math.Max(2, a.Integer("warmup_num_steps", 1000, 0, MaxSteps));

    /// <summary>
    /// DeepSpeed's warmup over <c>W = max(2, warmup_num_steps)</c> steps, read at <c>s = last_batch_iteration</c>: linear
    /// <c>start + (peak - start) * s / W</c> (the peak at <c>s = W</c>), log <c>start + (peak - start) * log(s + 1) / log(W)</c>
    /// (the peak at <c>s = W - 1</c>: the logarithmic shape over <c>W - 1</c> steps).
    /// </summary>
    private static WarmupSchedule Warmup(ILearningRateSchedule body, long w, double start, WarmupShape shape)
        => new(body, shape == WarmupShape.Logarithmic ? w - 1 : w, start, shape);

    private static ILearningRateSchedule ReadOneCycle(SpecObject spec)
    {
        var a = spec.OptionalObject("args", null);
        double minLr = a.Number("cycle_min_lr", 0, double.MaxValue);
        double maxLr = a.Number("cycle_max_lr", 0, double.MaxValue);
        double decayLrRate = a.Number("decay_lr_rate", 0, 0, double.MaxValue);
        long first = a.Integer("cycle_first_step_size", 2000, 1, MaxSteps);
        long second = a.IntegerOrNull("cycle_second_step_size") ?? first;
        if (second < 0 || second > MaxSteps)
        {
            throw new ScheduleSpecException(a.FieldPath("cycle_second_step_size"), "must be an integer in [0, " + Guard.Format(MaxSteps) + "] or null; got " + Guard.Format(second) + ".");
        }

        // Stored by DeepSpeed but never used in its formulas: accepted for verbatim configs, no effect.
        a.IntegerOrNull("cycle_first_stair_count");
        a.IntegerOrNull("cycle_second_stair_count");
        long decayStepSize = a.Integer("decay_step_size", 0, 0, MaxSteps);
        bool cycleMomentum = a.Boolean("cycle_momentum", true);
        double minMom = a.Number("cycle_min_mom", 0.8, 0, double.MaxValue);
        double maxMom = a.Number("cycle_max_mom", 0.9, 0, double.MaxValue);
        double decayMomRate = a.Number("decay_mom_rate", 0, 0, double.MaxValue);
        a.EnsureNoUnknownFields();

        long total = first + second;
        ILearningRateSchedule lrDecay = decayStepSize == 0 || decayLrRate == 0 ? new ConstantSchedule(minLr) : new InverseTimeSchedule(minLr, decayLrRate, decayStepSize);
        var lr = new SequenceSchedule(new SchedulePhase(Cycle(first, second, minLr, maxLr), total), new SchedulePhase(lrDecay));
        if (!cycleMomentum)
        {
            return lr;
        }

        // The constructor sets betas[0] = cycle_min_mom; from the first step on the momentum mirrors the cycle (max -> min ->
        // max) at DeepSpeed's batch_iteration = k, then grows as cycle_max_mom * (1 + decay_mom_rate * d / decay_step_size).
        ILearningRateSchedule momDecay = decayStepSize == 0 || decayMomRate == 0 ? new ConstantSchedule(maxMom) : new RampSchedule(maxMom, decayMomRate, decayStepSize);
        var cycle = new SequenceSchedule(new SchedulePhase(Cycle(first, second, maxMom, minMom), total), new SchedulePhase(momDecay));
        var momentum = new SequenceSchedule(new SchedulePhase(new ConstantSchedule(minMom), 1), new SchedulePhase(new ShiftedSchedule(cycle, 1)));
        return new GroupedCompatSchedule([lr], [momentum], spec.ToNode().ToJsonString());
    }

    /// <summary>The triangle from <paramref name="from"/> through <paramref name="peak"/> (at <paramref name="first"/>) back to <paramref name="from"/> (at <c>first + second</c>).</summary>
    private static ILearningRateSchedule Cycle(long first, long second, double from, double peak)
        => second > 0
            ? new PiecewiseInterpolationSchedule([0, first, first + second], [from, peak, from])
            : new LinearSchedule(from, peak, first);

    /// <summary>
    /// A learning rate argument, finite and non-negative: a number (every group), or a list with one entry per parameter
    /// group, as DeepSpeed's <c>_format_param</c> takes it. <paramref name="groups"/> is the group count set by an argument
    /// read before (0: none yet); a number is broadcast to it.
    /// </summary>
    private static double[] LrValues(SpecObject a, string name, double? defaultValue, int groups)
    {
        if (a.Description is null && a.Has(name) && a.Raw(name).ValueKind == JsonValueKind.Array)
        {
            double[] values = a.NumberArray(name);
            if (values.Length == 0 || (groups > 1 && values.Length != groups))
            {
                throw new ScheduleSpecException(a.FieldPath(name), "must be a number or a list with one entry per parameter group (" + (groups > 1 ? groups + ", as given by the other lists" : "at least one") + "); got " + values.Length + " entries.");
            }

            for (int i = 0; i < values.Length; i++)
            {
                if (!(values[i] >= 0))
                {
                    throw new ScheduleSpecException(a.FieldPath(name) + "[" + i + "]", "must be a finite number in [0, +inf); got " + Guard.Format(values[i]) + ".");
                }
            }

            return values;
        }

        double value = defaultValue is double d ? a.Number(name, d, 0, double.MaxValue) : a.Number(name, 0, double.MaxValue);
        return [.. Enumerable.Repeat(value, Math.Max(groups, 1))];
    }

    private static double Finite(SpecObject a, string name, double value)
        => double.IsFinite(value) ? value : throw new ScheduleSpecException(a.FieldPath(name), "times lr overflows the range of a double.");
}
