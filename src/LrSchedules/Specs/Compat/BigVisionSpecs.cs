using System.Globalization;
using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>big_vision.*</c>: big_vision's <c>create_learning_rate_schedule</c> (<c>big_vision/utils.py</c>), taking the
/// <c>config.schedule</c> fields verbatim plus the trainer's <c>total_steps</c> (and <c>batch_size</c>/<c>data_size</c>
/// for durations in examples or epochs), translated to native schedules. The value at step <c>k</c> is
/// <c>lr * schedule(k)</c> (<c>optax.scale(config.lr)</c> after <c>scale_by_schedule</c>, whose count starts at 0).
/// </summary>
/// <remarks>
/// big_vision multiplies three factors: the decay (on the progress <c>clip((k - W) / (T - W), 0, 1)</c>, so it holds its
/// first value during the warmup), the warmup <c>min(1, k / W)</c> and the cooldown <c>min(1, (T - k) / C)</c>; here
/// they are a <see cref="ProductSchedule"/> of a <see cref="HoldSchedule"/> decay and two linear factor schedules.
/// </remarks>
internal static class BigVisionSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    private static readonly (string, string)[] DecayTypes =
        [("stair", "stair"), ("linear", "linear"), ("polynomial", "polynomial"), ("cosine", "cosine"), ("rsqrt", "rsqrt")];

    public static IEnumerable<SpecType> Types { get; } =
    [
        CompatSpec.WithLr("big_vision.create_learning_rate_schedule", "big_vision create_learning_rate_schedule (stair, linear/polynomial, cosine, rsqrt; warmup and cooldown factors).", Create),
    ];

    private static ILearningRateSchedule Create(double lr, SpecObject a)
    {
        long total = a.Integer("total_steps", 1, MaxSteps);
        long? batchSize = a.IntegerOrNull("batch_size");
        long? dataSize = a.IntegerOrNull("data_size");
        if (batchSize is long bs && bs < 1)
        {
            throw new ScheduleSpecException(a.FieldPath("batch_size"), "must be an integer in [1, " + long.MaxValue.ToString(CultureInfo.InvariantCulture) + "]; got " + bs.ToString(CultureInfo.InvariantCulture) + ".");
        }

        if (dataSize is long ds && ds < 1)
        {
            throw new ScheduleSpecException(a.FieldPath("data_size"), "must be an integer in [1, " + long.MaxValue.ToString(CultureInfo.InvariantCulture) + "]; got " + ds.ToString(CultureInfo.InvariantCulture) + ".");
        }

        string decay = a.Choice("decay_type", "stair", DecayTypes);
        double mult = a.Number("mult", 1.0, 0, double.MaxValue);
        bool scale = a.Boolean("scale_with_batchsize", false);
        long warmup = Steps(a, "warmup", total, batchSize, dataSize) ?? 0;
        long cooldown = Steps(a, "cooldown", total, batchSize, dataSize) ?? 0;
        double power = a.Number("power", 1, 0, 1e9);
        double? endValue = a.NumberOrNull("end");
        double linearEnd = a.Number("linear_end", 0, 0, double.MaxValue);
        double zero = endValue ?? linearEnd;
        if (!(zero >= 0 && zero <= double.MaxValue))
        {
            throw new ScheduleSpecException(a.FieldPath("end"), "must be a finite number in [0, +inf); got " + Format(zero) + ".");
        }

        // to_steps("timescale", default=kw.get("timescale", 10_000)): a timescale_{steps,...} field wins over timescale.
        double rawTimescale = a.Number("timescale", 10_000, double.Epsilon, double.MaxValue);
        long? timescaleSteps = Steps(a, "timescale", total, batchSize, dataSize);
        double timescale = timescaleSteps ?? rawTimescale;
        if (!(timescale > 0))
        {
            throw new ScheduleSpecException(a.FieldPath("timescale_steps"), "must give a timescale > 0 steps; got 0.");
        }

        double rawShift = a.Number("shift", 0, 0, double.MaxValue);
        long? shiftSteps = Steps(a, "shift", total, batchSize, dataSize);
        double shift = shiftSteps ?? rawShift;
        a.Description?.Record(a.FieldPath("steps"), "integer list", required: false, "[]");
        a.Description?.Record(a.FieldPath("mults"), "number list", required: false, "[]");
        long[] stairSteps = a.Description is null && a.Has("steps") ? a.IntegerArray("steps", -MaxSteps, MaxSteps) : [];
        double[] mults = a.Description is null && a.Has("mults") ? a.NumberArray("mults") : [];

        if (warmup >= total)
        {
            throw new ScheduleSpecException(a.FieldPath("warmup_steps"), "the warmup (" + warmup.ToString(CultureInfo.InvariantCulture) + " steps) must be shorter than total_steps (" + total.ToString(CultureInfo.InvariantCulture) + "), as big_vision asserts.");
        }

        // big_vision: lr = base (* batch_size / 256 with scale_with_batchsize), base = config.schedule.mult.
        double peak = mult;
        if (scale)
        {
            peak = batchSize is long b
                ? peak * b / 256.0
                : throw new ScheduleSpecException(a.FieldPath("batch_size"), "is required with scale_with_batchsize (big_vision multiplies by batch_size / 256).");
        }

        double init = lr * peak;
        if (!double.IsFinite(init))
        {
            throw new ScheduleSpecException(a.FieldPath("mult"), "must keep lr * mult finite; got " + Format(mult) + ".");
        }

        long span = total - warmup;
        ILearningRateSchedule schedule = decay switch
        {
            "linear" or "polynomial" => new HoldSchedule(
                power == 0 ? new ConstantSchedule(init) : new PolynomialSchedule(init, Finite(a, "end", lr * zero), span, power), warmup),
            "cosine" => new HoldSchedule(new CosineSchedule(init, span, 0), warmup),
            "rsqrt" => new HoldSchedule(a.Build(() => new InverseSqrtSchedule(init, timescale, timescale + shift), p => p == "shift" ? "shift" : "timescale"), warmup),
            _ => Stair(a, init, stairSteps, mults),
        };

        if (warmup > 0)
        {
            // min(1, k / W), a factor.
            schedule = new ProductSchedule(schedule, new LinearSchedule(0, 1, warmup));
        }

        if (cooldown > 0)
        {
            // min(1, (T - k) / C), a factor, 0 from T on (big_vision's factor goes negative past total_steps).
            ILearningRateSchedule factor = cooldown <= total
                ? new LinearSchedule(1, 0, cooldown, total - cooldown)
                : new LinearSchedule(total / (double)cooldown, 0, total);
            schedule = new ProductSchedule(schedule, factor);
        }

        return schedule;
    }

    /// <summary>
    /// <c>lr * [1, *mults][searchsorted(steps, k + 1)]</c>: the multiplier of the number of entries of <c>steps</c> that
    /// are <c>&lt;= k</c> (absolute multipliers, not cumulative).
    /// </summary>
    private static PiecewiseConstantSchedule Stair(SpecObject a, double init, long[] steps, double[] mults)
    {
        for (int i = 1; i < steps.Length; i++)
        {
            if (steps[i] < steps[i - 1])
            {
                throw new ScheduleSpecException(a.FieldPath("steps") + "[" + i + "]", "must be non-decreasing (big_vision searches them with searchsorted); got " + steps[i].ToString(CultureInfo.InvariantCulture) + " after " + steps[i - 1].ToString(CultureInfo.InvariantCulture) + ".");
            }
        }

        if (mults.Length < steps.Length)
        {
            throw new ScheduleSpecException(a.FieldPath("mults"), "must have an entry for each of the " + steps.Length + " steps; got " + mults.Length + ".");
        }

        var values = new double[mults.Length + 1];
        values[0] = init;
        for (int i = 0; i < mults.Length; i++)
        {
            double m = mults[i];
            if (!(m >= 0))
            {
                throw new ScheduleSpecException(a.FieldPath("mults") + "[" + i + "]", "must be a finite number in [0, +inf); got " + Format(m) + ".");
            }

            values[i + 1] = Finite(a, "mults", init * m);
        }

        var boundaries = new List<long>();
        var levels = new List<double> { values[steps.Count(s => s <= 0)] };
        foreach (long s in steps.Where(s => s > 0).Distinct())
        {
            boundaries.Add(s);
            levels.Add(values[steps.Count(x => x <= s)]);
        }

        return new PiecewiseConstantSchedule(boundaries, levels);
    }

    /// <summary>
    /// big_vision's <c>utils.steps(prefix, ...)</c>: one of <c>{prefix}_steps</c>, <c>_examples</c>, <c>_epochs</c>,
    /// <c>_percent</c> (a negative or null value counts as absent), converted to steps; non-integral results are rounded
    /// half to even, and a non-zero duration is at least 1 step. Null when none is given.
    /// </summary>
    private static long? Steps(SpecObject a, string prefix, long total, long? batchSize, long? dataSize)
    {
        long? steps = a.IntegerOrNull(prefix + "_steps");
        double? examples = a.NumberOrNull(prefix + "_examples");
        double? epochs = a.NumberOrNull(prefix + "_epochs");
        double? percent = a.NumberOrNull(prefix + "_percent");
        var given = new List<string>();
        if (steps >= 0)
        {
            given.Add("steps");
        }

        if (examples >= 0)
        {
            given.Add("examples");
        }

        if (epochs >= 0)
        {
            given.Add("epochs");
        }

        if (percent >= 0)
        {
            given.Add("percent");
        }

        if (given.Count > 1)
        {
            throw new ScheduleSpecException(a.FieldPath(prefix + "_" + given[1]), "only one of " + string.Join(", ", given.Select(g => prefix + "_" + g)) + " may be given.");
        }

        if (given.Count == 0)
        {
            return null;
        }

        double x;
        switch (given[0])
        {
            case "steps":
                return steps!.Value <= MaxSteps ? steps.Value : throw new ScheduleSpecException(a.FieldPath(prefix + "_steps"), "must be an integer in [0, " + MaxSteps.ToString(CultureInfo.InvariantCulture) + "]; got " + steps.Value.ToString(CultureInfo.InvariantCulture) + ".");
            case "examples":
                x = batchSize is long b
                    ? examples!.Value / b
                    : throw new ScheduleSpecException(a.FieldPath(prefix + "_examples"), "needs batch_size to convert examples to steps.");
                break;
            case "epochs":
                x = batchSize is long b2 && dataSize is long d
                    ? epochs!.Value * (d / (double)b2)
                    : throw new ScheduleSpecException(a.FieldPath(prefix + "_epochs"), "needs batch_size and data_size to convert epochs to steps.");
                break;
            default:
                if (!(percent <= 1))
                {
                    throw new ScheduleSpecException(a.FieldPath(prefix + "_percent"), "must be a finite number in [0, 1]; got " + Format(percent!.Value) + ".");
                }

                x = percent!.Value * total;
                break;
        }

        // to_integer: max(1, round(x)) if x else 0 (Python's round: half to even).
        if (x == 0)
        {
            return 0;
        }

        double rounded = Math.Max(1, Math.Round(x, MidpointRounding.ToEven));
        return rounded <= MaxSteps ? (long)rounded : throw new ScheduleSpecException(a.FieldPath(prefix + "_" + given[0]), "converts to more than " + MaxSteps.ToString(CultureInfo.InvariantCulture) + " steps.");
    }

    private static double Finite(SpecObject a, string field, double value)
        => double.IsFinite(value) ? value : throw new ScheduleSpecException(a.FieldPath(field), "must keep lr * " + field + " finite.");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
