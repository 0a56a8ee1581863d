using System.Globalization;
using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>optax.*</c>: optax's schedule functions (<c>optax/schedules/_schedule.py</c>, <c>_join.py</c>), taking their own
/// argument names, translated to native schedules. The value at step <c>k</c> is <c>schedule(k)</c>.
/// </summary>
internal static class OptaxSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    private static readonly (string, Interpolation)[] InterpolateTypes = [("linear", Interpolation.Linear), ("cosine", Interpolation.Cosine)];

    public static IEnumerable<SpecType> Types { get; } =
    [
        CompatSpec.ArgsOnly("optax.constant_schedule", "optax constant_schedule.", a => new ConstantSchedule(a.Number("value", 0, double.MaxValue))),
        CompatSpec.ArgsOnly("optax.linear_schedule", "optax linear_schedule.", a =>
        {
            double init = a.Number("init_value", 0, double.MaxValue), end = a.Number("end_value", 0, double.MaxValue);
            long steps = a.Integer("transition_steps", long.MinValue, MaxSteps), begin = a.Integer("transition_begin", 0, long.MinValue, MaxSteps);
            return steps <= 0 ? new ConstantSchedule(init) : new LinearSchedule(init, end, steps, Math.Max(0, begin));
        }),
        CompatSpec.ArgsOnly("optax.polynomial_schedule", "optax polynomial_schedule.", a =>
        {
            double init = a.Number("init_value", 0, double.MaxValue), end = a.Number("end_value", 0, double.MaxValue);
            double power = a.Number("power", double.Epsilon, 1e9);
            long steps = a.Integer("transition_steps", long.MinValue, MaxSteps), begin = a.Integer("transition_begin", 0, long.MinValue, MaxSteps);
            return steps <= 0 ? new ConstantSchedule(init) : new PolynomialSchedule(init, end, steps, power, Math.Max(0, begin));
        }),
        CompatSpec.ArgsOnly("optax.cosine_decay_schedule", "optax cosine_decay_schedule (alpha, exponent).", Cosine),
        CompatSpec.ArgsOnly("optax.warmup_cosine_decay_schedule", "optax warmup_cosine_decay_schedule.", WarmupCosine),
        CompatSpec.ArgsOnly("optax.exponential_decay", "optax exponential_decay (begin, staircase, end_value bound).", a => Exponential(a, a.Number("init_value", 0, double.MaxValue))),
        CompatSpec.ArgsOnly("optax.piecewise_constant_schedule", "optax piecewise_constant_schedule (cumulative scales).", a =>
        {
            double init = a.Number("init_value", 0, double.MaxValue);
            var (boundaries, values) = BoundariesAndScales(a, init);
            return a.Build(() => new PiecewiseConstantSchedule(boundaries, values), _ => "boundaries_and_scales");
        }),
        CompatSpec.ArgsOnly("optax.piecewise_interpolate_schedule", "optax piecewise_interpolate_schedule (interpolates from init_value at step 0).", a =>
        {
            var type = a.Choice("interpolate_type", InterpolateTypes);

            double init = a.Number("init_value", 0, double.MaxValue);
            var (boundaries, values) = BoundariesAndScales(a, init);
            return Interpolate(a, type, boundaries, values);
        }),
        CompatSpec.ArgsOnly("optax.sgdr_schedule", "optax sgdr_schedule (a warmup-cosine per entry of cosine_kwargs).", a =>
        {
            var kwargs = a.ObjectArray("cosine_kwargs");
            if (kwargs.Count == 0)
            {
                throw new ScheduleSpecException(a.FieldPath("cosine_kwargs"), "must contain at least one entry.");
            }

            var phases = new List<SchedulePhase>();
            for (int i = 0; i < kwargs.Count; i++)
            {
                var schedule = WarmupCosine(kwargs[i]);
                long steps = kwargs[i].Integer("decay_steps");
                kwargs[i].EnsureNoUnknownFields();
                phases.Add(new SchedulePhase(schedule, i < kwargs.Count - 1 ? steps : null));
            }

            return phases.Count == 1 ? phases[0].Schedule : new SequenceSchedule(phases);
        }),
        CompatSpec.ArgsOnly("optax.join_schedules", "optax join_schedules (children with local clocks at boundaries).", a =>
        {
            var children = a.ObjectArray("schedules");
            long[] boundaries = a.IntegerArray("boundaries");
            if (children.Count != boundaries.Length + 1)
            {
                throw new ScheduleSpecException(a.FieldPath("boundaries"), "must have one entry fewer than schedules (" + (children.Count - 1) + "); got " + boundaries.Length + ".");
            }

            var phases = new List<SchedulePhase>();
            long previous = 0;
            for (int i = 0; i < children.Count; i++)
            {
                var schedule = ScheduleSpec.Read(children[i]);
                if (i == children.Count - 1)
                {
                    phases.Add(new SchedulePhase(schedule));
                    break;
                }

                long b = boundaries[i];
                if (b < previous)
                {
                    throw new ScheduleSpecException(a.FieldPath("boundaries") + "[" + i + "]", "must be non-decreasing and >= 0; got " + b + " after " + previous + ".");
                }

                if (b > previous)
                {
                    phases.Add(new SchedulePhase(schedule, b - previous));
                }

                previous = b;
            }

            return phases.Count == 1 ? phases[0].Schedule : new SequenceSchedule(phases);
        }),
        CompatSpec.ArgsOnly("optax.cosine_onecycle_schedule", "optax cosine_onecycle_schedule.", a =>
        {
            long t = a.Integer("transition_steps", 1, MaxSteps);
            double peak = a.Number("peak_value", 0, double.MaxValue);
            double pctStart = a.Number("pct_start", 0.3, 0, 1), div = a.Number("div_factor", 25.0, double.Epsilon, double.MaxValue), finalDiv = a.Number("final_div_factor", 1e4, double.Epsilon, double.MaxValue);
            return OneCycle(a, Interpolation.Cosine, peak / div, [((long)(pctStart * t), div), (t, 1.0 / (div * finalDiv))]);
        }),
        CompatSpec.ArgsOnly("optax.linear_onecycle_schedule", "optax linear_onecycle_schedule.", a =>
        {
            long t = a.Integer("transition_steps", 1, MaxSteps);
            double peak = a.Number("peak_value", 0, double.MaxValue);
            double pctStart = a.Number("pct_start", 0.3, 0, 1), pctFinal = a.Number("pct_final", 0.85, 0, 1);
            double div = a.Number("div_factor", 25.0, double.Epsilon, double.MaxValue), finalDiv = a.Number("final_div_factor", 1e4, double.Epsilon, double.MaxValue);
            return OneCycle(a, Interpolation.Linear, peak / div, [((long)(pctStart * t), div), ((long)(pctFinal * t), 1.0 / div), (t, 1.0 / finalDiv)]);
        }),
        CompatSpec.ArgsOnly("optax.warmup_constant_schedule", "optax warmup_constant_schedule.", a =>
        {
            double init = a.Number("init_value", 0, double.MaxValue), peak = a.Number("peak_value", 0, double.MaxValue);
            long w = a.Integer("warmup_steps", long.MinValue, MaxSteps);

            // optax: linear_schedule(init_value, peak_value, warmup_steps), a constant init_value when warmup_steps <= 0.
            return w <= 0 ? new ConstantSchedule(init) : new LinearSchedule(init, peak, w);
        }),
        CompatSpec.ArgsOnly("optax.warmup_exponential_decay_schedule", "optax warmup_exponential_decay_schedule.", a =>
        {
            double init = a.Number("init_value", 0, double.MaxValue), peak = a.Number("peak_value", 0, double.MaxValue);
            long w = a.Integer("warmup_steps", 0, MaxSteps);
            return new WarmupSchedule(Exponential(a, peak), w, init);
        }),
    ];

    private static ILearningRateSchedule Cosine(SpecObject a)
    {
        double init = a.Number("init_value", 0, double.MaxValue);
        long decaySteps = a.Integer("decay_steps", 1, MaxSteps);
        double alpha = a.Number("alpha", 0, 0, 1), exponent = a.Number("exponent", 1, double.Epsilon, 1e9);
        return new CosineSchedule(init, decaySteps, alpha * init, exponent);
    }

    private static ILearningRateSchedule WarmupCosine(SpecObject a)
    {
        double init = a.Number("init_value", 0, double.MaxValue), peak = a.Number("peak_value", 0, double.MaxValue);
        long w = a.Integer("warmup_steps", 0, MaxSteps), decaySteps = a.Integer("decay_steps", 1, MaxSteps);
        double end = a.Number("end_value", 0, 0, double.MaxValue), exponent = a.Number("exponent", 1, double.Epsilon, 1e9);
        if (decaySteps <= w)
        {
            throw new ScheduleSpecException(a.FieldPath("decay_steps"), "must be greater than warmup_steps (" + w + "): the cosine runs for decay_steps - warmup_steps steps; got " + decaySteps + ".");
        }

        // optax passes alpha = end_value / peak_value (0 when peak_value is 0) to cosine_decay_schedule.
        double floor = peak == 0 ? 0 : end / peak * peak;
        if (!double.IsFinite(floor))
        {
            throw new ScheduleSpecException(a.FieldPath("end_value"), "must keep end_value / peak_value * peak_value finite; got " + end.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        return new WarmupSchedule(new CosineSchedule(peak, decaySteps - w, floor, exponent), w, init);
    }

    private static ILearningRateSchedule Exponential(SpecObject a, double init)
    {
        long steps = a.Integer("transition_steps", long.MinValue, MaxSteps);
        double rate = a.Number("decay_rate", 0, double.MaxValue);
        long begin = a.Integer("transition_begin", 0, long.MinValue, MaxSteps);
        bool staircase = a.Boolean("staircase", false);
        double? end = a.NumberOrNull("end_value");
        if (steps <= 0 || rate == 0)
        {
            return new ConstantSchedule(init);
        }

        return a.Build(() => new ExponentialSchedule(init, rate, steps, Math.Max(0, begin), staircase, end), p => p switch
        {
            "initialValue" => "init_value",
            "decayRate" => "decay_rate",
            "transitionSteps" => "transition_steps",
            _ => "end_value",
        });
    }

    /// <summary>optax's <c>boundaries_and_scales</c>: a dict from step (a string key) to a non-negative scale, multiplied out.</summary>
    private static (long[] Boundaries, double[] Values) BoundariesAndScales(SpecObject a, double init)
    {
        if (!a.Has("boundaries_and_scales"))
        {
            return ([], [init]);
        }

        var dict = a.Object("boundaries_and_scales");
        var entries = new List<(long Boundary, double Scale)>();
        foreach (string key in dict.FieldNames().ToList())
        {
            if (!long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long boundary))
            {
                throw new ScheduleSpecException(dict.FieldPath(key), "keys must be integer steps; got \"" + key + "\".");
            }

            entries.Add((boundary, dict.Number(key, 0, double.MaxValue)));
        }

        entries.Sort((x, y) => x.Boundary.CompareTo(y.Boundary));
        var values = new double[entries.Count + 1];
        values[0] = init;
        for (int i = 0; i < entries.Count; i++)
        {
            values[i + 1] = values[i] * entries[i].Scale;
        }

        return ([.. entries.Select(e => e.Boundary)], values);
    }

    /// <summary>
    /// optax interpolates from <c>init_value</c> at step 0 through the knots; a boundary at 0 replaces that first knot
    /// (optax's zero-length first interval never applies).
    /// </summary>
    private static PiecewiseInterpolationSchedule Interpolate(SpecObject a, Interpolation type, long[] boundaries, double[] values)
    {
        if (boundaries.Length > 0 && boundaries[0] < 0)
        {
            throw new ScheduleSpecException(a.FieldPath("boundaries_and_scales"), "boundaries must be >= 0; got " + boundaries[0] + ".");
        }

        return boundaries.Length > 0 && boundaries[0] == 0
            ? a.Build(() => new PiecewiseInterpolationSchedule(boundaries, values[1..], type), _ => "boundaries_and_scales")
            : a.Build(() => new PiecewiseInterpolationSchedule([0, .. boundaries], values, type), _ => "boundaries_and_scales");
    }

    private static PiecewiseInterpolationSchedule OneCycle(SpecObject a, Interpolation type, double init, (long Boundary, double Scale)[] entries)
    {
        // As a Python dict, a repeated boundary keeps the last scale.
        var merged = new SortedDictionary<long, double>();
        foreach (var (b, s) in entries)
        {
            merged[b] = s;
        }

        var values = new List<double> { init };
        foreach (double scale in merged.Values)
        {
            values.Add(values[^1] * scale);
        }

        return Interpolate(a, type, [.. merged.Keys], [.. values]);
    }
}
