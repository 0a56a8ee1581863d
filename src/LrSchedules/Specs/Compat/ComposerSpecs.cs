using System.Globalization;
using System.Text.RegularExpressions;
using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>composer.*</c>: Composer's <c>composer/optim/scheduler.py</c> schedulers, taking their own argument names (time
/// strings such as <c>"100ba"</c>, <c>"2ep"</c>, <c>"0.1dur"</c>) plus the Trainer's <c>max_duration</c>,
/// <c>scale_schedule_ratio</c> and the dataloader length <c>dataloader_len</c> (batches per epoch, Composer's
/// <c>State.dataloader_len</c>), translated to native schedules.
/// </summary>
/// <remarks>
/// The value at optimizer step <c>k</c> is what the Trainer applies to batch <c>k</c>: the scheduler is compiled into a
/// <c>LambdaLR</c> (evaluated once at construction, with the unscaled <c>max_duration</c>) and stepped after every batch
/// before the batch counter advances, so batch <c>k &gt;= 1</c> uses the scheduler at timestamp batch <c>k - 1</c>
/// (with the <c>max_duration</c> scaled by <c>scale_schedule_ratio</c>) and batch 0 the value from construction. Every
/// time is converted to batches exactly as <c>_convert_time</c> does (<c>int()</c> truncation included).
/// </remarks>
internal static class ComposerSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    /// <summary>Most restart cycles written out before Composer's truncated period growth stops.</summary>
    private const int MaxCycles = 10_000;

    private static readonly Regex TimeString = new(@"^(.+)(iter|ep|ba|sp|tok|dur|sec)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private enum Unit
    {
        Batch,
        Epoch,
        Duration,
    }

    public static IEnumerable<SpecType> Types { get; } =
    [
        Scheduler("composer.StepScheduler", "Composer StepScheduler (gamma^floor(t / step_size)).", (lr, a) =>
        {
            var stepSize = Time(a, "step_size");
            double gamma = a.Number("gamma", 0.1, 0, 1);
            return t => new StepSchedule(lr, Positive(a, "step_size", t.Convert(stepSize)), gamma);
        }),
        Scheduler("composer.MultiStepScheduler", "Composer MultiStepScheduler (gamma per milestone reached).", (lr, a) =>
        {
            var milestones = TimeList(a, "milestones");
            double gamma = a.Number("gamma", 0.1, 0, double.MaxValue);
            return t => MultiStep(a, lr, milestones.Select(m => t.Convert(m)), gamma);
        }),
        Scheduler("composer.ConstantScheduler", "Composer ConstantScheduler (alpha until t_max, then 1).", (lr, a) =>
        {
            double alpha = Alpha(a, "alpha", 1.0);
            var tMax = Time(a, "t_max", "1dur");
            return t =>
            {
                long end = t.Convert(tMax);
                return end == 0 ? new ConstantSchedule(lr) : new SequenceSchedule(new SchedulePhase(new ConstantSchedule(Scaled(a, "alpha", lr, alpha)), end), new SchedulePhase(new ConstantSchedule(lr)));
            };
        }),
        Scheduler("composer.LinearScheduler", "Composer LinearScheduler (alpha_i to alpha_f over t_max).", (lr, a) =>
        {
            double ai = Alpha(a, "alpha_i", 1.0), af = Alpha(a, "alpha_f", 0.0);
            var tMax = Time(a, "t_max", "1dur");
            return t => Linear(a, lr, ai, af, Positive(a, "t_max", t.Convert(tMax)));
        }),
        Scheduler("composer.ExponentialScheduler", "Composer ExponentialScheduler (gamma^(t / decay_period)).", (lr, a) =>
        {
            double gamma = a.Number("gamma", 0, 1);
            var period = Time(a, "decay_period", "1ep");
            return t =>
            {
                long p = Positive(a, "decay_period", t.Convert(period));

                // gamma^(t/p): 0^0 = 1 at t = 0, then 0.
                return gamma == 1 ? new ConstantSchedule(lr)
                    : gamma == 0 ? new SequenceSchedule(new SchedulePhase(new ConstantSchedule(lr), 1), new SchedulePhase(new ConstantSchedule(0)))
                    : new ExponentialSchedule(lr, gamma, p);
            };
        }),
        Scheduler("composer.CosineAnnealingScheduler", "Composer CosineAnnealingScheduler (cosine to alpha_f over t_max).", (lr, a) =>
        {
            var tMax = Time(a, "t_max", "1dur");
            double af = Alpha(a, "alpha_f", 0.0);
            return t => new CosineSchedule(lr, Positive(a, "t_max", t.Convert(tMax)), Scaled(a, "alpha_f", lr, af));
        }),
        Scheduler("composer.CosineAnnealingWarmRestartsScheduler", "Composer CosineAnnealingWarmRestartsScheduler (periods grow by int(t_mult * len)).", (lr, a) =>
        {
            var t0 = Time(a, "t_0");
            double tMult = a.Number("t_mult", 1.0, 0, 1e9);
            double af = Alpha(a, "alpha_f", 0.0);
            return t => WarmRestarts(a, lr, Positive(a, "t_0", t.Convert(t0)), tMult, Scaled(a, "alpha_f", lr, af), t.MaxBatches);
        }),
        Scheduler("composer.PolynomialScheduler", "Composer PolynomialScheduler (alpha_f + (1 - alpha_f) (1 - t / t_max)^power).", (lr, a) =>
        {
            double power = a.Number("power", 0, 1e9);
            var tMax = Time(a, "t_max", "1dur");
            double af = Alpha(a, "alpha_f", 0.0);
            return t => Polynomial(a, lr, Positive(a, "t_max", t.Convert(tMax)), power, af);
        }),
        Scheduler("composer.MultiStepWithWarmupScheduler", "Composer MultiStepWithWarmupScheduler (linear warmup, then gamma per milestone).", (lr, a) =>
        {
            var warmup = Time(a, "t_warmup");
            var milestones = TimeList(a, "milestones");
            double gamma = a.Number("gamma", 0.1, 0, double.MaxValue);
            bool scaleWarmup = a.Boolean("scale_warmup", false);
            return t =>
            {
                long w = t.Convert(warmup, scaled: false);
                var steps = MultiStep(a, lr, milestones.Select(m => t.Convert(m)), gamma);
                return Warmup(a, t, warmup, scaleWarmup, lr, w, w == 0 ? steps : new ShiftedSchedule(steps, w));
            };
        }),
        Scheduler("composer.ConstantWithWarmupScheduler", "Composer ConstantWithWarmupScheduler (linear warmup to alpha, alpha until t_max).", (lr, a) =>
        {
            var warmup = Time(a, "t_warmup");
            double alpha = Alpha(a, "alpha", 1.0);
            var tMax = Time(a, "t_max", "1dur");
            bool scaleWarmup = a.Boolean("scale_warmup", false);
            return t => LinearWithWarmup(a, t, lr, warmup, tMax, scaleWarmup, alpha, alpha, "alpha");
        }),
        Scheduler("composer.LinearWithWarmupScheduler", "Composer LinearWithWarmupScheduler (linear warmup to alpha_i, then linear to alpha_f).", (lr, a) =>
        {
            var warmup = Time(a, "t_warmup");
            double ai = Alpha(a, "alpha_i", 1.0), af = Alpha(a, "alpha_f", 0.0);
            var tMax = Time(a, "t_max", "1dur");
            bool scaleWarmup = a.Boolean("scale_warmup", false);
            return t => LinearWithWarmup(a, t, lr, warmup, tMax, scaleWarmup, ai, af, "alpha_i");
        }),
        Scheduler("composer.CosineAnnealingWithWarmupScheduler", "Composer CosineAnnealingWithWarmupScheduler (linear warmup, then cosine to alpha_f).", (lr, a) =>
        {
            var warmup = Time(a, "t_warmup");
            var tMax = Time(a, "t_max", "1dur");
            double af = Alpha(a, "alpha_f", 0.0);
            bool scaleWarmup = a.Boolean("scale_warmup", false);
            return t =>
            {
                var (w, total) = WarmupAndMax(a, t, warmup, tMax);
                ILearningRateSchedule main = total > w ? new CosineSchedule(lr, total - w, Scaled(a, "alpha_f", lr, af)) : new ConstantSchedule(lr);
                return Warmup(a, t, warmup, scaleWarmup, lr, w, main);
            };
        }),
        Scheduler("composer.PolynomialWithWarmupScheduler", "Composer PolynomialWithWarmupScheduler (linear warmup, then polynomial decay to alpha_f).", (lr, a) =>
        {
            var warmup = Time(a, "t_warmup");
            double power = a.Number("power", 2.0, 0, 1e9);
            var tMax = Time(a, "t_max", "1dur");
            double af = Alpha(a, "alpha_f", 0.0);
            bool scaleWarmup = a.Boolean("scale_warmup", false);
            return t =>
            {
                var (w, total) = WarmupAndMax(a, t, warmup, tMax);
                ILearningRateSchedule main = total > w ? Polynomial(a, lr, total - w, power, af) : new ConstantSchedule(lr);
                return Warmup(a, t, warmup, scaleWarmup, lr, w, main);
            };
        }),
    ];

    /// <summary>
    /// A Composer scheduler spec type: <paramref name="read"/> reads the scheduler's arguments and returns the schedule of
    /// the timestamp batch <c>t</c> for a given trainer state; the Trainer's order is applied on top.
    /// </summary>
    private static SpecType Scheduler(string name, string description, Func<double, SpecObject, Func<TrainerState, ILearningRateSchedule>> read)
        => CompatSpec.WithLr(name, description, (lr, a) =>
        {
            var initial = TrainerState.Read(a);
            var build = read(lr, a);
            if (a.Description is not null)
            {
                return new ConstantSchedule(lr);
            }

            // compile_composer_scheduler evaluates the LambdaLR at construction (timestamp 0, max_duration not yet scaled);
            // then the Trainer scales max_duration and steps the scheduler after each batch, before advancing the counter.
            var atConstruction = build(initial);
            var scaled = initial.Scaled(a);
            var schedule = scaled.Ssr == 1.0 ? atConstruction : build(scaled);
            double first = atConstruction.GetLearningRate(0);
            return first == schedule.GetLearningRate(0)
                ? new HoldSchedule(schedule, 1)
                : new SequenceSchedule(new SchedulePhase(new ConstantSchedule(first), 1), new SchedulePhase(schedule));
        });

    private static MultiStepSchedule MultiStep(SpecObject a, double lr, IEnumerable<long> milestones, double gamma)
        => a.Build(() => new MultiStepSchedule(lr, milestones.Order(), gamma), p => p == "initialValue" ? "lr" : SpecObject.ToSnakeCase(p));

    private static ILearningRateSchedule Linear(SpecObject a, double lr, double ai, double af, long steps)
    {
        double from = Scaled(a, "alpha_i", lr, ai), to = Scaled(a, "alpha_f", lr, af);
        return from == to ? new ConstantSchedule(from) : new LinearSchedule(from, to, steps);
    }

    private static ILearningRateSchedule Polynomial(SpecObject a, double lr, long steps, double power, double af)
        => power == 0 ? new ConstantSchedule(lr) : new PolynomialSchedule(lr, Scaled(a, "alpha_f", lr, af), steps, power);

    private static ILearningRateSchedule LinearWithWarmup(SpecObject a, TrainerState t, double lr, TimeValue warmup, TimeValue tMax, bool scaleWarmup, double ai, double af, string aiName)
    {
        var (w, total) = WarmupAndMax(a, t, warmup, tMax);
        double from = Scaled(a, aiName, lr, ai), to = Scaled(a, "alpha_f", lr, af);
        ILearningRateSchedule main = total > w && from != to ? new LinearSchedule(from, to, total - w) : new ConstantSchedule(from);
        return Warmup(a, t, warmup, scaleWarmup, from, w, main);
    }

    /// <summary>
    /// The warmup schedulers' <c>t_warmup</c> (converted without the scale schedule ratio) and <c>t_max</c> (with it),
    /// with <c>_raise_if_max_duration_exceeds_t_max</c>: <c>t_max</c> must cover <c>max_duration</c>.
    /// </summary>
    private static (long Warmup, long Max) WarmupAndMax(SpecObject a, TrainerState t, TimeValue warmup, TimeValue tMax)
    {
        long w = t.Convert(warmup, scaled: false);
        long total = t.Convert(tMax);
        if (total < t.MaxBatches)
        {
            throw new ScheduleSpecException(a.FieldPath("t_max"), "must be at least max_duration (" + t.MaxBatches.ToString(CultureInfo.InvariantCulture) + " batches), as Composer requires; converts to " + total.ToString(CultureInfo.InvariantCulture) + " batches.");
        }

        return (w, total);
    }

    /// <summary>
    /// The warmup phase for <c>t &lt; W</c>: <c>LinearScheduler(0, target, t_warmup)</c>, i.e. <c>target * min(1, t / Wr)</c>
    /// with <c>Wr</c> = <c>t_warmup</c> converted with the scale schedule ratio when <c>scale_warmup</c> (else <c>W</c>);
    /// then <paramref name="main"/>, whose clock starts at <c>W</c>.
    /// </summary>
    private static ILearningRateSchedule Warmup(SpecObject a, TrainerState t, TimeValue warmup, bool scaleWarmup, double target, long w, ILearningRateSchedule main)
    {
        if (w == 0)
        {
            return main;
        }

        long ramp = Positive(a, "t_warmup", scaleWarmup ? t.Convert(warmup) : w);
        return new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, target, ramp), w), new SchedulePhase(main));
    }

    /// <summary>
    /// Composer's warm restarts: cycle lengths <c>L_0 = t_0</c>, <c>L_{i+1} = int(t_mult * L_i)</c>, each a cosine from
    /// <c>lr</c> to the floor. While the length still changes, every cycle is a sequence phase; once
    /// <c>int(t_mult * L) == L</c> the rest is a periodic restart schedule of period <c>L</c>.
    /// </summary>
    private static ILearningRateSchedule WarmRestarts(SpecObject a, double lr, long t0, double tMult, double floor, long maxBatches)
    {
        var phases = new List<SchedulePhase>();
        long start = 0, length = t0;
        while (true)
        {
            double nextValue = Math.Floor(tMult * length);
            long next = nextValue >= long.MaxValue ? long.MaxValue : (long)nextValue;
            var cycle = new CosineSchedule(lr, length, floor);
            if (next == length)
            {
                phases.Add(new SchedulePhase(new RestartsSchedule(lr, length, floorValue: floor)));
                break;
            }

            if (length >= long.MaxValue - start)
            {
                phases.Add(new SchedulePhase(cycle));
                break;
            }

            if (next == 0)
            {
                // Composer raises once the timestamp reaches the end of the last non-empty cycle.
                if (start + length < maxBatches)
                {
                    throw new ScheduleSpecException(a.FieldPath("t_mult"), "shrinks the restart period to 0 at batch " + (start + length).ToString(CultureInfo.InvariantCulture) + ", before max_duration (" + maxBatches.ToString(CultureInfo.InvariantCulture) + " batches); Composer raises there.");
                }

                phases.Add(new SchedulePhase(cycle, length));
                phases.Add(new SchedulePhase(new ConstantSchedule(floor)));
                break;
            }

            phases.Add(new SchedulePhase(cycle, length));
            if (phases.Count > MaxCycles)
            {
                throw new ScheduleSpecException(a.FieldPath("t_mult"), "grows the restart period for more than " + MaxCycles.ToString(CultureInfo.InvariantCulture) + " cycles; not supported.");
            }

            start += length;
            length = next;
        }

        return phases.Count == 1 ? phases[0].Schedule : new SequenceSchedule(phases);
    }

    private static double Alpha(SpecObject a, string name, double defaultValue) => a.Number(name, defaultValue, 0, double.MaxValue);

    private static double Scaled(SpecObject a, string name, double lr, double alpha)
        => double.IsFinite(lr * alpha) ? lr * alpha : throw new ScheduleSpecException(a.FieldPath(name), "must keep lr * " + name + " finite.");

    private static long Positive(SpecObject a, string name, long batches)
        => batches >= 1 ? batches : throw new ScheduleSpecException(a.FieldPath(name), "converts to 0 batches; Composer divides by it.");

    private static TimeValue Time(SpecObject a, string name, string? defaultValue = null)
    {
        string text = defaultValue is null ? a.String(name) : a.String(name, defaultValue);
        return a.Description is not null ? new TimeValue(1, Unit.Batch) : ParseTime(a.FieldPath(name), text);
    }

    private static List<TimeValue> TimeList(SpecObject a, string name)
    {
        if (a.Description is { } d)
        {
            d.Record(a.FieldPath(name), "list of time strings", required: true);
            return [];
        }

        var e = a.Raw(name);
        if (e.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            throw new ScheduleSpecException(a.FieldPath(name), "must be a JSON array of time strings; got " + SpecObject.Describe(e) + ".");
        }

        var result = new List<TimeValue>();
        int i = 0;
        foreach (var item in e.EnumerateArray())
        {
            string path = a.FieldPath(name) + "[" + i++ + "]";
            result.Add(item.ValueKind == System.Text.Json.JsonValueKind.String
                ? ParseTime(path, item.GetString()!)
                : throw new ScheduleSpecException(path, "must be a time string such as \"100ba\"; got " + SpecObject.Describe(item) + "."));
        }

        return result;
    }

    /// <summary>
    /// <c>Time.from_timestring</c>: a number followed by a unit (case-insensitive); <c>ba</c> and <c>ep</c> need an integer
    /// value, <c>dur</c> takes any. Values must be finite and >= 0; the units Composer has besides (<c>sp</c>, <c>tok</c>,
    /// <c>iter</c>, <c>sec</c>, wall-clock) are not supported, as this library counts optimizer steps.
    /// </summary>
    private static TimeValue ParseTime(string path, string text)
    {
        var match = TimeString.Match(text);
        string unit = match.Success ? match.Groups[2].Value.ToLowerInvariant() : string.Empty;
        if (!match.Success || !double.TryParse(match.Groups[1].Value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new ScheduleSpecException(path, "must be a time string: a number followed by ba, ep or dur, such as \"100ba\", \"2ep\" or \"0.1dur\"; got \"" + Truncate(text) + "\".");
        }

        if (unit is not ("ba" or "ep" or "dur"))
        {
            throw new ScheduleSpecException(path, "the unit \"" + unit + "\" is not supported: give ba (batches), ep (epochs) or dur (a fraction of max_duration); got \"" + Truncate(text) + "\".");
        }

        if (!(value >= 0))
        {
            throw new ScheduleSpecException(path, "must not be negative; got \"" + Truncate(text) + "\".");
        }

        if (unit == "dur")
        {
            return new TimeValue(value, Unit.Duration);
        }

        if (value != Math.Floor(value) || value > MaxSteps)
        {
            throw new ScheduleSpecException(path, "must be an integer number of " + (unit == "ba" ? "batches" : "epochs") + " in [0, " + MaxSteps.ToString(CultureInfo.InvariantCulture) + "]; got \"" + Truncate(text) + "\".");
        }

        return new TimeValue(value, unit == "ba" ? Unit.Batch : Unit.Epoch);
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : string.Concat(s.AsSpan(0, 64), "...");

    private readonly record struct TimeValue(double Value, Unit Unit);

    /// <summary>
    /// What <c>_convert_time</c> reads from the Trainer's state: <c>max_duration</c> (in batches or epochs),
    /// <c>dataloader_len</c> and the scale schedule ratio.
    /// </summary>
    private sealed record TrainerState(string Path, long MaxValue, Unit MaxUnit, long? DataloaderLen, double Ssr, bool IsScaled)
    {
        /// <summary>The number of batches of <c>max_duration</c>.</summary>
        public long MaxBatches => MaxUnit == Unit.Epoch ? checked(MaxValue * DataloaderLen!.Value) : MaxValue;

        public static TrainerState Read(SpecObject a)
        {
            TimeValue max;
            if (a.Description is not null)
            {
                a.String("max_duration");
                max = new TimeValue(100, Unit.Batch);
            }
            else if (a.Raw("max_duration").ValueKind == System.Text.Json.JsonValueKind.Number)
            {
                // ensure_time(max_duration, TimeUnit.EPOCH): a bare integer counts epochs.
                max = new TimeValue(a.Integer("max_duration", 1, MaxSteps), Unit.Epoch);
            }
            else
            {
                max = ParseTime(a.FieldPath("max_duration"), a.String("max_duration"));
            }

            if (max.Unit == Unit.Duration)
            {
                throw new ScheduleSpecException(a.FieldPath("max_duration"), "must be in ba or ep; got a fraction of itself (dur).");
            }

            if (max.Value < 1)
            {
                throw new ScheduleSpecException(a.FieldPath("max_duration"), "must be at least 1 batch or epoch; got 0.");
            }

            long? dataloaderLen = a.IntegerOrNull("dataloader_len");
            if (dataloaderLen is long dl && (dl < 1 || dl > MaxSteps))
            {
                throw new ScheduleSpecException(a.FieldPath("dataloader_len"), "must be an integer in [1, " + MaxSteps.ToString(CultureInfo.InvariantCulture) + "]; got " + dl.ToString(CultureInfo.InvariantCulture) + ".");
            }

            double ssr = a.Number("scale_schedule_ratio", 1.0, double.Epsilon, 1e6);
            var state = new TrainerState(a.Path, (long)max.Value, max.Unit, dataloaderLen, ssr, false);
            if (max.Unit == Unit.Epoch)
            {
                state.RequireDataloader(a.FieldPath("max_duration"));
                if (state.MaxValue > MaxSteps / state.DataloaderLen!.Value)
                {
                    throw new ScheduleSpecException(a.FieldPath("max_duration"), "must be at most " + MaxSteps.ToString(CultureInfo.InvariantCulture) + " batches.");
                }
            }

            return state;
        }

        /// <summary>The state after the Trainer scaled <c>max_duration</c>: <c>Time(int(value * ssr))</c>, which must not be 0.</summary>
        public TrainerState Scaled(SpecObject a)
        {
            if (Ssr == 1.0)
            {
                return this with { IsScaled = true };
            }

            long value = Truncate(a.FieldPath("scale_schedule_ratio"), MaxValue * Ssr);
            return value >= 1
                ? this with { MaxValue = value, IsScaled = true }
                : throw new ScheduleSpecException(a.FieldPath("scale_schedule_ratio"), "reduces max_duration to 0, which Composer rejects.");
        }

        /// <summary>
        /// <c>_convert_time(time, state, ssr)</c> in batches: <c>dur</c> as <c>int(value * max_duration)</c> (times
        /// <c>dataloader_len</c> first when max_duration is in epochs; no ratio), <c>ep</c> as <c>value * dataloader_len</c>
        /// batches, then ba/ep as <c>int(batches * ssr)</c> (with <paramref name="scaled"/>; else ssr = 1).
        /// </summary>
        public long Convert(TimeValue time, bool scaled = true)
        {
            if (time.Unit == Unit.Duration)
            {
                return MaxUnit == Unit.Epoch
                    ? Truncate(Path, time.Value * DataloaderLen!.Value * MaxValue)
                    : Truncate(Path, time.Value * MaxValue);
            }

            double batches = time.Value;
            if (time.Unit == Unit.Epoch)
            {
                RequireDataloader(Path + ".dataloader_len");
                batches = (double)((Int128)(long)time.Value * DataloaderLen!.Value);
            }

            return scaled ? Truncate(Path, batches * Ssr) : Truncate(Path, batches);
        }

        private void RequireDataloader(string path)
        {
            if (DataloaderLen is null)
            {
                throw new ScheduleSpecException(path, "an epoch time needs dataloader_len (batches per epoch), as Composer's State.dataloader_len.");
            }
        }

        private static long Truncate(string path, double value)
            => value <= MaxSteps ? (long)value : throw new ScheduleSpecException(path, "converts to more than " + MaxSteps.ToString(CultureInfo.InvariantCulture) + " batches.");
    }
}
