using System.Globalization;
using CsCheck;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;
using Xunit.Sdk;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// Properties over random valid schedules of every native type, nested composites included (see
/// <see cref="ScheduleGenerators"/>). Each property is checked on a bounded number of samples so the class runs in a few
/// seconds; a failure is shrunk by CsCheck and printed as the schedule's JSON spec.
/// </summary>
public sealed class SchedulePropertyTests
{
    /// <summary>
    /// How far (in float ULP) <c>Evaluate</c> into <see cref="float"/> may be from the saturated
    /// <c>(float)GetLearningRate</c>: <see cref="ScheduleChecks.MaxFloatSpanUlps"/>. (A double span is bit-identical.)
    /// </summary>
    public const long MaxFloatSpanUlps = ScheduleChecks.MaxFloatSpanUlps;

    /// <summary>
    /// How far (in ULP of the previous value; for a rising power or inverse-square-root curve, of its larger value) a
    /// documented-monotone curve may step the wrong way by rounding: the documented bound. Measured: at most 1 (millions of
    /// samples, after the half-cosine forms were clamped to their side of 1/2 and the geometric fallback moved to log
    /// space); before, 4 at the midpoint of a cosine decay over more than 2^53 steps, 19 with exponent 10, 229 at the end of
    /// a geometric anneal.
    /// </summary>
    public const int MaxMonotoneUlps = 2;

    private const long Iterations = 5_000;

    private static readonly Gen<(ILearningRateSchedule Schedule, long[] Steps)> ScheduleAndSteps =
        Gen.Select(ScheduleGenerators.Any, ScheduleGenerators.Step.Array[1, 24]);

    [Fact]
    public void Every_value_is_finite_non_negative_and_not_negative_zero_up_to_long_MaxValue()
    {
        ScheduleAndSteps.Sample(
            (schedule, steps) =>
            {
                foreach (long step in steps.Append(long.MaxValue).Append(0))
                {
                    double v = schedule.GetLearningRate(step);
                    if (!IsValidRate(v))
                    {
                        throw new XunitException(Format("value at step {0} is {1}; expected finite, >= 0 and not -0", step, Show(v)));
                    }
                }
            },
            iter: Iterations,
            print: PrintPair);
    }

    [Fact]
    public void Leaf_values_stay_inside_their_documented_bounds()
    {
        Gen.Select(ScheduleGenerators.Leaf, ScheduleGenerators.Step.Array[1, 24]).Sample(
            (schedule, steps) =>
            {
                var (lo, hi) = Bounds(schedule);
                foreach (long step in steps.Concat(Landmarks(schedule)))
                {
                    double v = schedule.GetLearningRate(step);
                    if (!(v >= lo && v <= hi))
                    {
                        throw new XunitException(Format("value at step {0} is {1:R}, outside the documented [{2:R}, {3:R}]", step, v, lo, hi));
                    }
                }
            },
            iter: Iterations,
            print: PrintPair);
    }

    [Fact]
    public void Warmup_phases_stay_between_start_and_peak_and_never_fall_towards_a_higher_peak()
    {
        Gen.Select(ScheduleGenerators.Nested(1), Gen.Long[1, 10_000], ScheduleGenerators.Value, Gen.Enum<WarmupShape>(), Gen.Long[0, 10_000].Array[1, 24])
            .Select((inner, w, start, shape, steps) => (Schedule: Make(() => new WarmupSchedule(inner, w, start, shape)), Steps: steps))
            .Where(t => t.Schedule is not null)
            .Sample(
                (schedule, steps) =>
                {
                    var warmup = (WarmupSchedule)schedule;
                    double peak = warmup.Schedule.GetLearningRate(0);
                    double lo = Math.Min(warmup.StartValue, peak);
                    double hi = Math.Max(warmup.StartValue, peak);
                    long[] inside = [.. steps.Select(s => s % warmup.WarmupSteps).Append(warmup.WarmupSteps - 1).Order()];
                    double previous = double.NaN;
                    foreach (long step in inside)
                    {
                        // Exactly between start and peak: every warmup shape is clamped to its two values (Interpolant).
                        double v = schedule.GetLearningRate(step);
                        if (!(v >= lo && v <= hi))
                        {
                            throw new XunitException(Format("warmup value at step {0} is {1:R}, outside [start, peak] = [{2:R}, {3:R}]", step, v, lo, hi));
                        }

                        if (warmup.StartValue <= peak && v < Ulps(previous, -MaxMonotoneUlps))
                        {
                            throw new XunitException(Format("warmup towards a higher peak falls at step {0}: {1:R} < {2:R}", step, v, previous));
                        }

                        previous = v;
                    }
                },
                iter: Iterations,
                print: t => Print(t.Item1, t.Item2));
    }

    [Fact]
    public void Decays_documented_as_monotone_never_increase()
    {
        Gen.Select(ScheduleGenerators.Leaf.Where(IsDocumentedNonIncreasing), ScheduleGenerators.Step.Array[2, 32], Gen.Long[0, 2_000], Gen.Int[0, 1_000], Gen.Long[-70, 6]).Sample(
            (schedule, steps, near, landmark, offset) =>
            {
                // Random far-apart steps, plus two runs of consecutive steps (where one-step rounding errors would show):
                // one near the start, one ending near a landmark (the horizon, its midpoint, 2^53, long.MaxValue).
                long far = RunStart(schedule, landmark, offset, 64);
                long[] ordered = [.. steps.Concat(Enumerable.Range(0, 64).SelectMany(i => new[] { near + i, far + i })).Distinct().Order()];
                double previous = double.PositiveInfinity;
                long previousStep = -1;
                foreach (long step in ordered)
                {
                    double v = schedule.GetLearningRate(step);
                    // Non-increasing up to rounding: the documented formulas (e.g. linear's
                    // initial * (T - t) / T + final * t / T) are monotone in exact arithmetic; rounding may wobble by an ULP.
                    if (v > Ulps(previous, MaxMonotoneUlps))
                    {
                        throw new XunitException(Format("increases from {0:R} at step {1} to {2:R} at step {3}", previous, previousStep, v, step));
                    }

                    previous = v;
                    previousStep = step;
                }
            },
            iter: Iterations,
            print: t => Print(t.Item1, t.Item2) + " runs from " + t.Item3.ToString(CultureInfo.InvariantCulture) + " and " + RunStart(t.Item1, t.Item4, t.Item5, 64).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Every curve between two values (anneal shapes, linear, cosine, polynomial, piecewise interpolation, warmups), over
    /// extreme lengths (2^53 +- 1, long.MaxValue) and between extreme or neighbouring values: exactly inside
    /// <c>[min(from, to), max(from, to)]</c> and moving one way at its start, around its midpoint and across its end (a
    /// decay never steps up by more than <see cref="MaxMonotoneUlps"/> ULP of the previous value, a rise never steps down
    /// by more than as many ULP of its larger value). The two-weight interpolation went to +inf next to
    /// <c>double.MaxValue</c>, and the geometric anneal undershot its final value one step before the end and then rose by
    /// up to 229 ULP.
    /// </summary>
    [Fact]
    public void Curves_stay_between_their_two_values_and_move_one_way_at_extreme_lengths()
    {
        Gen.Select(ScheduleGenerators.Curve, ScheduleGenerators.Step.Array[0, 8]).Sample(
            (curve, random) =>
            {
                var (schedule, from, to, length) = curve;
                double lo = Math.Min(from, to), hi = Math.Max(from, to);
                long half = length / 2;
                long end = length;
                long[] steps = [.. Enumerable.Range(0, 8).Select(i => (long)i)
                    .Concat(Enumerable.Range(-8, 17).Select(i => half + i))
                    .Concat(Enumerable.Range(-8, 12).Select(i => end > long.MaxValue - i ? long.MaxValue : end + i))
                    .Concat(random)
                    .Where(k => k >= 0)
                    .Distinct()
                    .Order()];
                double previous = double.NaN;
                long previousStep = -1;
                foreach (long step in steps)
                {
                    double v = schedule.GetLearningRate(step);
                    if (!(v >= lo && v <= hi) || !IsValidRate(v))
                    {
                        throw new XunitException(Format("value at step {0} is {1}, outside [{2:R}, {3:R}]", step, Show(v), lo, hi));
                    }

                    // A decay may step up by MaxMonotoneUlps of the previous value; a rise may step down by as many ULP of
                    // its larger value (powers and inverse-square-root curves are computed from the end they move to, so
                    // a rising one cancels: final + (initial - final) w loses a few ULP of the final value).
                    bool wrongWay = from >= to ? v > Ulps(previous, MaxMonotoneUlps) : v < previous - (MaxMonotoneUlps * (hi - Math.BitDecrement(hi)));
                    if (previousStep >= 0 && wrongWay)
                    {
                        throw new XunitException(Format("moves the wrong way: {0:R} at step {1}, {2:R} at step {3}", previous, previousStep, v, step));
                    }

                    previous = v;
                    previousStep = step;
                }
            },
            iter: Iterations,
            print: t => Print(t.Item1.Schedule, t.Item2));
    }

    [Fact]
    public void Evaluate_is_bit_identical_to_GetLearningRate_element_by_element()
    {
        Gen.Select(ScheduleGenerators.Any, ScheduleGenerators.Step, Gen.Int[0, 100], Gen.Int[0, 1_000], Gen.Long[-100, 4]).Sample(
            (schedule, random, length, landmark, offset) =>
            {
                long first = First(schedule, random, length, landmark, offset);
                var doubles = new double[length];
                var floats = new float[length];
                schedule.Evaluate(first, doubles);
                schedule.Evaluate(first, floats);
                for (int i = 0; i < length; i++)
                {
                    // The documented contract allows 4 ULP; the span kernels compute the scalar form's operations, so a double
                    // span is in fact bit-identical, and that is what is checked (a restart near 2^53 found it was not).
                    double expected = schedule.GetLearningRate(first + i);
                    if (BitConverter.DoubleToInt64Bits(doubles[i]) != BitConverter.DoubleToInt64Bits(expected))
                    {
                        throw new XunitException(Format("Evaluate({0}, double[{1}])[{2}] = {3}, GetLearningRate = {4}", first, length, i, Show(doubles[i]), Show(expected)));
                    }

                    if (!IsValidRate(floats[i]) || UlpDistance(floats[i], ScheduleChecks.ExpectedSingle(expected)) > MaxFloatSpanUlps)
                    {
                        throw new XunitException(Format("Evaluate({0}, float[{1}])[{2}] = {3}, saturated (float)GetLearningRate = {4:R}", first, length, i, Show(floats[i]), ScheduleChecks.ExpectedSingle(expected)));
                    }
                }
            },
            iter: Iterations,
            print: t => ScheduleGenerators.Print(t.Item1) + " first " + First(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5).ToString(CultureInfo.InvariantCulture) + " length " + t.Item3.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Warm restarts near 2^53 and long.MaxValue, where cycle starts are no longer exact doubles: spans that cross a
    /// restart there are bit-identical to <c>GetLearningRate</c> (a span used to drop to the floor at a restart where the
    /// scalar path did not, and to take a different formula for cycles ending past 2^53).
    /// </summary>
    [Fact]
    public void Restart_spans_across_cycle_starts_near_2_pow_53_are_bit_identical_to_GetLearningRate()
    {
        Gen.Select(ScheduleGenerators.RestartsOnly, Gen.OneOf(Gen.Long[ScheduleGenerators.TwoTo53 - 4_096, ScheduleGenerators.TwoTo53 + 4_096], Gen.Long[1L << 52, 1L << 62], Gen.Long[long.MaxValue - 4_096, long.MaxValue]), Gen.Long[-60, 4], Gen.Int[0, 80]).Sample(
            (schedule, near, offset, length) =>
            {
                long first = RestartSpanStart(schedule, near, offset, length);
                var doubles = new double[length];
                schedule.Evaluate(first, doubles);
                for (int i = 0; i < length; i++)
                {
                    double expected = schedule.GetLearningRate(first + i);
                    if (BitConverter.DoubleToInt64Bits(doubles[i]) != BitConverter.DoubleToInt64Bits(expected))
                    {
                        throw new XunitException(Format("Evaluate({0}, double[{1}])[{2}] = {3}, GetLearningRate = {4}; cycle {5}", first, length, i, Show(doubles[i]), Show(expected), schedule.LocateCycle(first + i)));
                    }
                }
            },
            iter: Iterations,
            print: t => ScheduleGenerators.Print(t.Item1) + " first " + RestartSpanStart(t.Item1, t.Item2, t.Item3, t.Item4).ToString(CultureInfo.InvariantCulture) + " length " + t.Item4.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The -0 leaks the properties found (and a torch.* spec's learning rate), each a spec: +0 from every path.</summary>
    [Theory]
    [InlineData("""{"type":"constant","value":-0.0}""")]
    [InlineData("""{"type":"exponential","initial_value":0,"decay_rate":2,"transition_steps":3,"staircase":true,"end_value":-0.0}""")]
    [InlineData("""{"type":"one_cycle","max_value":-0.0,"total_steps":100,"anneal":"linear"}""")]
    [InlineData("""{"type":"linear","initial_value":-0.0,"final_value":-0.0,"transition_steps":10}""")]
    [InlineData("""{"type":"piecewise_interpolation","boundaries":[0,10],"values":[-0.0,-0.0],"interpolation":"cosine"}""")]
    [InlineData("""{"type":"torch.StepLR","lr":-0.0,"args":{"step_size":1}}""")]
    public void Negative_zero_parameters_give_positive_zero(string spec)
    {
        var schedule = ScheduleSpec.Parse(spec);
        var doubles = new double[40];
        var floats = new float[40];
        schedule.Evaluate(0, doubles);
        schedule.Evaluate(0, floats);
        for (int i = 0; i < doubles.Length; i++)
        {
            Assert.True(IsValidRate(schedule.GetLearningRate(i)) && IsValidRate(doubles[i]) && IsValidRate(floats[i]), spec + " at step " + i + ": " + Show(schedule.GetLearningRate(i)) + ", " + Show(doubles[i]) + ", " + Show(floats[i]));
        }
    }

    [Fact]
    public void Spec_round_trip_gives_an_equal_schedule_with_identical_values()
    {
        ScheduleAndSteps.Sample(
            (schedule, steps) =>
            {
                string json = ScheduleSpec.ToJson(schedule);
                var parsed = ScheduleSpec.Parse(json);
                if (!parsed.Equals(schedule) || parsed.GetHashCode() != schedule.GetHashCode())
                {
                    throw new XunitException("Parse(ToJson(s)) is not equal to s; reparsed: " + ScheduleSpec.ToJson(parsed));
                }

                if (ScheduleSpec.ToJson(parsed) != json)
                {
                    throw new XunitException("ToJson(Parse(ToJson(s))) differs: " + ScheduleSpec.ToJson(parsed));
                }

                foreach (long step in steps)
                {
                    double a = schedule.GetLearningRate(step);
                    double b = parsed.GetLearningRate(step);
                    if (BitConverter.DoubleToInt64Bits(a) != BitConverter.DoubleToInt64Bits(b))
                    {
                        throw new XunitException(Format("at step {0}: {1:R} before the round trip, {2:R} after", step, a, b));
                    }
                }
            },
            iter: Iterations,
            print: PrintPair);
    }

    [Fact]
    public void ToString_never_throws_and_names_the_type()
    {
        ScheduleGenerators.Any.Sample(
            schedule =>
            {
                string text = schedule.ToString()!;
                string type = System.Text.Json.Nodes.JsonNode.Parse(ScheduleSpec.ToJson(schedule))!["type"]!.GetValue<string>();
                if (!text.StartsWith(type + "(", StringComparison.Ordinal))
                {
                    throw new XunitException("ToString() = \"" + text + "\" does not start with \"" + type + "(\"");
                }
            },
            iter: Iterations,
            print: ScheduleGenerators.Print);
    }

    /// <summary>
    /// The documented range of a leaf schedule's values, exactly: every curve is evaluated through (or clamped by) the
    /// library's interpolant, so rounding never leaves it (an unclamped form went past an end by up to 229 ULP, or to +inf).
    /// </summary>
    internal static (double Lo, double Hi) Bounds(ILearningRateSchedule schedule)
    {
        (double lo, double hi) = schedule switch
        {
            ConstantSchedule c => (c.Value, c.Value),
            LinearSchedule l => Span(l.InitialValue, l.FinalValue),
            CosineSchedule c => Span(c.InitialValue, c.FinalValue),
            // Float32 arithmetic: the float-rounded parameters bound the values (the exponential exactly; ML.NET's polynomial
            // (I - F) * w + F may round up to two float ULPs of the larger end past an end).
            ExponentialSchedule { Arithmetic: Arithmetic.SinglePrecision } e => e.EndValue is double end ? Span((float)e.InitialValue, (float)end) : (0, (float)e.InitialValue),
            PolynomialSchedule { Arithmetic: Arithmetic.SinglePrecision } p => SingleSpan((float)p.InitialValue, (float)p.FinalValue),
            ExponentialSchedule e => e.EndValue is double end ? Span(e.InitialValue, end) : (0, e.InitialValue),
            StepSchedule s => (0, s.InitialValue),
            MultiStepSchedule m => Span([.. Enumerable.Range(0, m.Milestones.Count + 1).Select(k => m.InitialValue * Math.Pow(m.Gamma, k))]),
            PiecewiseConstantSchedule p => Span([.. p.Values]),
            PiecewiseInterpolationSchedule p => Span([.. p.Values]),
            PolynomialSchedule p => Span(p.InitialValue, p.FinalValue),
            InverseTimeSchedule i => (0, i.InitialValue),
            InverseSqrtSchedule i => (0, i.GetLearningRate(0)),
            AnnealSchedule a => Span(a.InitialValue, a.FinalValue),
            // In "peak" mode the cycle peaks peak_value * peak_decay^i tend to 0, so they may fall below the floor.
            RestartsSchedule r => Span(r.PeakValue, r.FloorValue, r.CycleWarmupStart, (r.PeakDecayMode == PeakDecayMode.Peak && r.PeakDecay < 1) || r.FloorDecay < 1 ? 0 : r.FloorValue),
            OneCycleSchedule o => Span(o.MaxValue, o.MaxValue / o.DivFactor, o.MaxValue / o.DivFactor / o.FinalDivFactor),
            CyclicSchedule c => Span(c.BaseValue, c.MaxValue, c.CycleDecay < 1 ? 0 : c.BaseValue),
            WarmupStableDecaySchedule w => w.StableTimescale is null
                ? Span(w.WarmupStartValue, w.PeakValue, w.FinalValue)
                : (0, Math.Max(w.WarmupStartValue, Math.Max(w.PeakValue, w.FinalValue))),
            InfiniteSchedule i => Span(i.WarmupStartValue, i.PeakValue, i.ConstantValue, i.FinalValue),
            PlateauSchedule p => (Math.Min(p.InitialValue, p.MinValue), p.InitialValue),
            RampSchedule r => (r.InitialValue, double.MaxValue),
            _ => throw new XunitException("no documented bounds for " + schedule.GetType().Name),
        };
        return (lo, hi);
    }

    /// <summary>
    /// <c>[min, max]</c> of two floats widened by two float ULPs of the larger one each way (not below 0, not above
    /// float.MaxValue): the three roundings of ML.NET's <c>(I - F) * w + F</c>.
    /// </summary>
    private static (double Lo, double Hi) SingleSpan(float a, float b)
    {
        float hi = Math.Max(a, b), ulp = MathF.BitIncrement(hi) - hi;
        return (Math.Max(0, (double)Math.Min(a, b) - (2.0 * ulp)), Math.Min((double)hi + (2.0 * ulp), float.MaxValue));
    }

    /// <summary>Whether <paramref name="v"/> is a valid learning rate: finite, <c>&gt;= 0</c> and not <c>-0</c>.</summary>
    internal static bool IsValidRate(double v) => double.IsFinite(v) && v >= 0 && !double.IsNegative(v);

    /// <summary>Whether <paramref name="v"/> is a valid float learning rate: finite, <c>&gt;= 0</c> and not <c>-0</c>.</summary>
    internal static bool IsValidRate(float v) => float.IsFinite(v) && v >= 0 && !float.IsNegative(v);

    /// <summary>A value for messages, with the sign of zero.</summary>
    internal static string Show(double v) => double.IsNegative(v) && v == 0 ? "-0" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Steps where a schedule changes form: its horizon and midpoint, phase boundaries, the restart cycles around 2^53 and
    /// <c>long.MaxValue</c>, and 2^53 itself (where positions stop being exact doubles).
    /// </summary>
    internal static long[] Landmarks(ILearningRateSchedule schedule)
    {
        var marks = new List<long> { 0, ScheduleGenerators.TwoTo53, long.MaxValue };
        void Add(long start, long length)
        {
            marks.Add(start);
            marks.Add(length / 2 > long.MaxValue - start ? long.MaxValue : start + (length / 2));
            marks.Add(length > long.MaxValue - start ? long.MaxValue : start + length);
        }

        switch (schedule)
        {
            case LinearSchedule l: Add(l.TransitionBegin, l.TransitionSteps); break;
            case CosineSchedule c: Add(0, c.DecaySteps); break;
            case PolynomialSchedule p: Add(p.TransitionBegin, p.DecaySteps); break;
            case AnnealSchedule a: Add(0, a.Steps); break;
            case ExponentialSchedule e: Add(e.TransitionBegin, e.TransitionSteps); break;
            case OneCycleSchedule o: marks.AddRange(o.PhaseEnds.Select(x => (long)Math.Ceiling(x))); break;
            case PiecewiseInterpolationSchedule p: marks.AddRange(p.Boundaries.Where(b => b >= 0)); break;
            case RestartsSchedule r:
                foreach (long s in new[] { 1L << 52, ScheduleGenerators.TwoTo53, long.MaxValue / 2, long.MaxValue })
                {
                    var (_, start, length) = r.LocateCycle(s);
                    double next = start + length;
                    marks.Add((long)Math.Min(start, long.MaxValue));
                    marks.Add(next >= long.MaxValue ? long.MaxValue : (long)next);
                }

                break;
        }

        if (schedule is LearningRateSchedule own)
        {
            marks.AddRange(own.GetPhaseBoundaries(0, long.MaxValue).Take(16));
        }

        return [.. marks.Distinct().Order()];
    }

    /// <summary>The first step of a run of <paramref name="count"/> steps that ends near landmark number <paramref name="index"/>.</summary>
    private static long RunStart(ILearningRateSchedule schedule, int index, long offset, int count)
    {
        long[] marks = Landmarks(schedule);
        long mark = marks[index % marks.Length];
        // Marks are >= 0 and offsets small: only mark + offset past long.MaxValue needs care.
        return Math.Clamp(offset > long.MaxValue - mark ? long.MaxValue : mark + offset, 0, long.MaxValue - count);
    }

    /// <summary>The first step of a span that ends just after the start of the cycle holding <paramref name="near"/>.</summary>
    private static long RestartSpanStart(RestartsSchedule schedule, long near, long offset, int length)
    {
        double start = schedule.LocateCycle(near).Start;
        long restart = start >= long.MaxValue ? long.MaxValue : (long)start;
        return Math.Clamp(offset > long.MaxValue - restart ? long.MaxValue : restart + offset, 0, long.MaxValue - Math.Max(length - 1, 0));
    }

    /// <summary>A span's first step: a random step, or (every other sample) one just before a landmark of the schedule.</summary>
    private static long First(ILearningRateSchedule schedule, long random, int length, int index, long offset)
    {
        long first = index % 2 == 0 ? random : RunStart(schedule, index / 2, offset, length);
        return Math.Min(first, long.MaxValue - Math.Max(length - 1, 0));
    }

    /// <summary>Whether the schedule is documented as non-increasing (a decay with initial &gt;= final).</summary>
    internal static bool IsDocumentedNonIncreasing(ILearningRateSchedule schedule) => schedule switch
    {
        LinearSchedule l => l.InitialValue >= l.FinalValue,
        CosineSchedule c => c.InitialValue >= c.FinalValue && !c.Periodic && c.Cycles <= 0.5,
        PolynomialSchedule p => p.InitialValue >= p.FinalValue && !p.Cycle,
        ExponentialSchedule e => e.DecayRate <= 1 && (e.EndValue is null || e.EndValue <= e.InitialValue),
        AnnealSchedule a => a.InitialValue >= a.FinalValue,
        StepSchedule => true,
        MultiStepSchedule m => m.Gamma <= 1,
        InverseTimeSchedule => true,
        InverseSqrtSchedule => true,
        _ => false,
    };

    internal static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    /// <summary>The distance in units in the last place between two finite values of the same sign (or zero).</summary>
    internal static long UlpDistance(double a, double b)
        => a == b ? 0 : double.IsNaN(a) || double.IsNaN(b) ? long.MaxValue : Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    /// <summary>The distance in units in the last place between two finite floats of the same sign (or zero).</summary>
    internal static long UlpDistance(float a, float b)
        => a == b ? 0 : float.IsNaN(a) || float.IsNaN(b) ? long.MaxValue : Math.Abs((long)BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));

    private static double Ulps(double x, int n)
    {
        for (int i = 0; i < Math.Abs(n); i++)
        {
            x = n > 0 ? Math.BitIncrement(x) : Math.Max(0, Math.BitDecrement(x));
        }

        return x;
    }

    private static (double, double) Span(params double[] values) => (values.Min(), values.Max());

    private static string PrintPair((ILearningRateSchedule, long[]) t) => Print(t.Item1, t.Item2);

    private static string Print(ILearningRateSchedule schedule, long[] steps)
        => ScheduleGenerators.Print(schedule) + " at steps [" + string.Join(", ", steps) + "]";

    private static ILearningRateSchedule Make(Func<ILearningRateSchedule> construct)
    {
        try
        {
            return construct();
        }
        catch (ArgumentException)
        {
            return null!;
        }
    }
}
