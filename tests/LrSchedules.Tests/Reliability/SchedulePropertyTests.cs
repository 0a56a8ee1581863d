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
    /// <summary>The accuracy contract of <c>Evaluate</c> against <c>GetLearningRate</c>, in units in the last place.</summary>
    /// <remarks>The scalar span path is exact today (0 ULP, checked when this test was written); the contract allows 4.</remarks>
    public const long MaxSpanUlps = 4;

    /// <summary>How far (in ULP) a documented-monotone curve may step the wrong way by rounding.</summary>
    public const int MaxMonotoneUlps = 4;

    private const long Iterations = 5_000;

    private static readonly Gen<(ILearningRateSchedule Schedule, long[] Steps)> ScheduleAndSteps =
        Gen.Select(ScheduleGenerators.Any, ScheduleGenerators.Step.Array[1, 24]);

    [Fact]
    public void Every_value_is_finite_and_non_negative_up_to_long_MaxValue()
    {
        ScheduleAndSteps.Sample(
            (schedule, steps) =>
            {
                foreach (long step in steps.Append(long.MaxValue).Append(0))
                {
                    double v = schedule.GetLearningRate(step);
                    if (!double.IsFinite(v) || v < 0)
                    {
                        throw new XunitException(Format("value at step {0} is {1:R}; expected finite and >= 0", step, v));
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
                foreach (long step in steps)
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
                        double v = schedule.GetLearningRate(step);
                        double tolerance = 4 * (Math.BitIncrement(hi) - hi);
                        if (!(v >= lo - tolerance && v <= hi + tolerance))
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
        Gen.Select(ScheduleGenerators.Leaf.Where(IsDocumentedNonIncreasing), ScheduleGenerators.Step.Array[2, 32], Gen.Long[0, 2_000]).Sample(
            (schedule, steps, runStart) =>
            {
                // Random far-apart steps, plus a run of consecutive steps (where one-step rounding errors would show).
                long[] ordered = [.. steps.Concat(Enumerable.Range(0, 64).Select(i => runStart + i)).Distinct().Order()];
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
            print: t => Print(t.Item1, t.Item2) + " run from " + t.Item3.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Evaluate_agrees_with_GetLearningRate_element_by_element()
    {
        Gen.Select(ScheduleGenerators.Any, ScheduleGenerators.Step, Gen.Int[0, 100]).Sample(
            (schedule, first, length) =>
            {
                first = Math.Min(first, long.MaxValue - Math.Max(length - 1, 0));
                var doubles = new double[length];
                var floats = new float[length];
                schedule.Evaluate(first, doubles);
                schedule.Evaluate(first, floats);
                for (int i = 0; i < length; i++)
                {
                    double expected = schedule.GetLearningRate(first + i);
                    if (UlpDistance(doubles[i], expected) > MaxSpanUlps)
                    {
                        throw new XunitException(Format("Evaluate({0}, double[{1}])[{2}] = {3:R}, GetLearningRate = {4:R}", first, length, i, doubles[i], expected));
                    }

                    if (UlpDistance(floats[i], ScheduleChecks.ExpectedSingle(expected)) > MaxSpanUlps)
                    {
                        throw new XunitException(Format("Evaluate({0}, float[{1}])[{2}] = {3:R}, saturated (float)GetLearningRate = {4:R}", first, length, i, floats[i], ScheduleChecks.ExpectedSingle(expected)));
                    }
                }
            },
            iter: Iterations,
            print: t => ScheduleGenerators.Print(t.Item1) + " first " + t.Item2.ToString(CultureInfo.InvariantCulture) + " length " + t.Item3.ToString(CultureInfo.InvariantCulture));
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

    /// <summary>The documented range of a leaf schedule's values (widened by 4 ULP of its upper end for rounding).</summary>
    internal static (double Lo, double Hi) Bounds(ILearningRateSchedule schedule)
    {
        (double lo, double hi) = schedule switch
        {
            ConstantSchedule c => (c.Value, c.Value),
            LinearSchedule l => Span(l.InitialValue, l.FinalValue),
            CosineSchedule c => Span(c.InitialValue, c.FinalValue),
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
            RestartsSchedule r => Span(r.PeakValue, r.FloorValue, r.CycleWarmupStart, r.PeakDecayMode == PeakDecayMode.Peak && r.PeakDecay < 1 ? 0 : r.FloorValue),
            OneCycleSchedule o => Span(o.MaxValue, o.MaxValue / o.DivFactor, o.MaxValue / o.DivFactor / o.FinalDivFactor),
            CyclicSchedule c => Span(c.BaseValue, c.MaxValue),
            WarmupStableDecaySchedule w => w.StableTimescale is null
                ? Span(w.WarmupStartValue, w.PeakValue, w.FinalValue)
                : (0, Math.Max(w.WarmupStartValue, Math.Max(w.PeakValue, w.FinalValue))),
            InfiniteSchedule i => Span(i.WarmupStartValue, i.PeakValue, i.ConstantValue, i.FinalValue),
            PlateauSchedule p => (Math.Min(p.InitialValue, p.MinValue), p.InitialValue),
            _ => throw new XunitException("no documented bounds for " + schedule.GetType().Name),
        };
        // Rounding: the closed forms (e.g. floor + (peak - floor) * f) lose up to a few ULP of the largest parameter.
        double tolerance = 4 * (Math.BitIncrement(hi) - hi);
        return (Math.Max(0, lo - tolerance), hi + tolerance);
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
