using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class RestartsScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("peakValue NaN", () => new RestartsSchedule(double.NaN, 10), "peakValue")
        .OutOfRange("peakValue +inf", () => new RestartsSchedule(double.PositiveInfinity, 10), "peakValue")
        .OutOfRange("peakValue negative", () => new RestartsSchedule(-0.1, 10), "peakValue")
        .OutOfRange("period 0", () => new RestartsSchedule(1, 0), "period")
        .OutOfRange("period negative", () => new RestartsSchedule(1, -10), "period")
        .OutOfRange("period NaN", () => new RestartsSchedule(1, double.NaN), "period")
        .OutOfRange("period +inf", () => new RestartsSchedule(1, double.PositiveInfinity), "period")
        .OutOfRange("periodMultiplier below 1", () => new RestartsSchedule(1, 10, 0.5), "periodMultiplier")
        .OutOfRange("periodMultiplier 0", () => new RestartsSchedule(1, 10, 0), "periodMultiplier")
        .OutOfRange("periodMultiplier NaN", () => new RestartsSchedule(1, 10, double.NaN), "periodMultiplier")
        .OutOfRange("periodMultiplier +inf", () => new RestartsSchedule(1, 10, double.PositiveInfinity), "periodMultiplier")
        .OutOfRange("peakDecay negative", () => new RestartsSchedule(1, 10, peakDecay: -0.1), "peakDecay")
        .OutOfRange("peakDecay above 1", () => new RestartsSchedule(1, 10, peakDecay: 1.0000000000000002), "peakDecay")
        .OutOfRange("peakDecay NaN", () => new RestartsSchedule(1, 10, peakDecay: double.NaN), "peakDecay")
        .OutOfRange("floorValue negative", () => new RestartsSchedule(1, 10, floorValue: -1e-9), "floorValue")
        .OutOfRange("floorValue NaN", () => new RestartsSchedule(1, 10, floorValue: double.NaN), "floorValue")
        .OutOfRange("floorValue +inf", () => new RestartsSchedule(1, 10, floorValue: double.PositiveInfinity), "floorValue")
        .OutOfRange("cycleLimit 0", () => new RestartsSchedule(1, 10, cycleLimit: 0), "cycleLimit")
        .OutOfRange("cycleLimit negative", () => new RestartsSchedule(1, 10, cycleLimit: -3), "cycleLimit")
        .Invalid("shape undefined 3", () => new RestartsSchedule(1, 10, shape: (CycleShape)3), "shape")
        .Invalid("shape undefined -1", () => new RestartsSchedule(1, 10, shape: (CycleShape)(-1)), "shape")
        .OutOfRange("power 0", () => new RestartsSchedule(1, 10, shape: CycleShape.Power, power: 0), "power")
        .OutOfRange("power negative", () => new RestartsSchedule(1, 10, shape: CycleShape.Power, power: -1), "power")
        .OutOfRange("power NaN", () => new RestartsSchedule(1, 10, shape: CycleShape.Power, power: double.NaN), "power")
        .OutOfRange("tanhUpper NaN", () => new RestartsSchedule(1, 10, shape: CycleShape.Tanh, tanhUpper: double.NaN), "tanhUpper")
        .OutOfRange("tanhUpper +inf", () => new RestartsSchedule(1, 10, shape: CycleShape.Tanh, tanhUpper: double.PositiveInfinity), "tanhUpper")
        .OutOfRange("tanhLower NaN", () => new RestartsSchedule(1, 10, shape: CycleShape.Tanh, tanhLower: double.NaN), "tanhLower")
        .OutOfRange("tanhLower -inf", () => new RestartsSchedule(1, 10, shape: CycleShape.Tanh, tanhLower: double.NegativeInfinity), "tanhLower")
        .OutOfRange("tanhLower equal to tanhUpper", () => new RestartsSchedule(1, 10, shape: CycleShape.Tanh, tanhLower: 3, tanhUpper: 3), "tanhLower")
        .OutOfRange("tanhLower above tanhUpper", () => new RestartsSchedule(1, 10, shape: CycleShape.Tanh, tanhLower: 4, tanhUpper: -4), "tanhLower")
        .OutOfRange("kDecay 0", () => new RestartsSchedule(1, 10, kDecay: 0), "kDecay")
        .OutOfRange("kDecay negative", () => new RestartsSchedule(1, 10, kDecay: -1), "kDecay")
        .OutOfRange("kDecay NaN", () => new RestartsSchedule(1, 10, kDecay: double.NaN), "kDecay")
        .Invalid("peakDecayMode undefined", () => new RestartsSchedule(1, 10, peakDecayMode: (PeakDecayMode)2), "peakDecayMode")
        .OutOfRange("cycleWarmupSteps negative", () => new RestartsSchedule(1, 10, cycleWarmupSteps: -1), "cycleWarmupSteps")
        .OutOfRange("cycleWarmupSteps equal to period", () => new RestartsSchedule(1, 10, cycleWarmupSteps: 10), "cycleWarmupSteps")
        .OutOfRange("cycleWarmupSteps above a fractional period", () => new RestartsSchedule(1, 10.5, cycleWarmupSteps: 11), "cycleWarmupSteps")
        .OutOfRange("cycleWarmupSteps with a period below one step", () => new RestartsSchedule(1, 0.5, cycleWarmupSteps: 1), "cycleWarmupSteps")
        .OutOfRange("cycleWarmupStart negative", () => new RestartsSchedule(1, 10, cycleWarmupSteps: 2, cycleWarmupStart: -0.5), "cycleWarmupStart")
        .OutOfRange("cycleWarmupStart NaN", () => new RestartsSchedule(1, 10, cycleWarmupSteps: 2, cycleWarmupStart: double.NaN), "cycleWarmupStart")
        .OutOfRange("LocateCycle(-1)", () => new RestartsSchedule(1, 10).LocateCycle(-1), "step")
        .OutOfRange("LocateCycle(long.MinValue) fractional", () => new RestartsSchedule(1, 10.5, 1.5).LocateCycle(long.MinValue), "step")
        .StepArguments(() => new RestartsSchedule(1, 12.5, 1.5, cycleWarmupSteps: 3));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    /// <summary>The parameters of one schedule under test, with a name for the test report.</summary>
    public sealed record Params(
        string Name,
        double Peak,
        double Period,
        double Multiplier = 1,
        double Decay = 1,
        double Floor = 0,
        long? Limit = null,
        CycleShape Shape = CycleShape.Cosine,
        double Power = 1,
        double Lower = -7,
        double Upper = 3,
        double K = 1,
        PeakDecayMode Mode = PeakDecayMode.Peak,
        long Warmup = 0,
        double WarmupStart = 0)
    {
        public RestartsSchedule Create() => new(Peak, Period, Multiplier, Decay, Floor, Limit, Shape, Power, Lower, Upper, K, Mode, Warmup, WarmupStart);

        public override string ToString() => Name;
    }

    // Periods and multipliers are dyadic, so that summing cycle lengths is exact and the reference cycle search below
    // agrees with any exact one.
    private static readonly Params[] Cases =
    [
        new("sgdr", 0.1, 10),
        new("cosine with growth and floor", 0.1, 10, 2, Floor: 1e-3),
        new("cosine growth 3, peak decay", 0.5, 4, 3, Decay: 0.5),
        new("amplitude decay (Keras m_mul)", 1, 8, 2, Decay: 0.5, Floor: 0.1, Mode: PeakDecayMode.Amplitude),
        new("peak decay with a floor (timm)", 1, 8, 2, Decay: 0.5, Floor: 0.1),
        new("cycle limit", 0.1, 16, 1, Floor: 0.01, Limit: 3),
        new("cycle limit with growth", 0.1, 5, 2, Decay: 0.8, Floor: 0.01, Limit: 2),
        new("power", 0.1, 20, Shape: CycleShape.Power, Power: 2),
        new("power sqrt with k-decay", 0.1, 20, 1.5, Shape: CycleShape.Power, Power: 0.5, K: 2),
        new("linear (power 1)", 1, 16, 2, Floor: 0.25, Shape: CycleShape.Power),
        new("tanh", 0.1, 30, Shape: CycleShape.Tanh),
        new("tanh custom bounds and growth", 0.1, 12, 2, Floor: 1e-4, Shape: CycleShape.Tanh, Lower: -6, Upper: 4),
        new("k-decay 2", 0.1, 25, K: 2),
        new("k-decay 0.5 with growth", 0.1, 16, 2, K: 0.5),
        new("cycle warmup", 0.1, 20, 2, Floor: 1e-3, Warmup: 4, WarmupStart: 0.01),
        new("cycle warmup from 0 with decay and k", 0.1, 12, 1, Decay: 0.5, Warmup: 3, K: 1.5, Shape: CycleShape.Power, Power: 2),
        new("fractional period", 0.1, 12.5, Floor: 1e-3),
        new("fractional period and multiplier", 0.1, 12.5, 1.5, Decay: 0.9),
        new("fractional multiplier", 1, 16, 1.25, Floor: 0.125, Shape: CycleShape.Tanh),
        new("fractional period with warmup and limit", 0.2, 7.25, 1.5, Floor: 0.02, Limit: 4, Warmup: 2, WarmupStart: 0.05, Mode: PeakDecayMode.Amplitude, Decay: 0.75),
        new("period below one step", 0.1, 0.75),
        new("floor above the peak", 0.1, 10, Floor: 0.3),
    ];

    public static TheoryData<Params> FormulaCases => new(Cases);

    /// <summary>
    /// The documented formula, with the cycle found by summing cycle lengths (exact for dyadic periods and multipliers).
    /// </summary>
    private static double Expected(Params c, long step)
    {
        long i = 0;
        double start = 0, length = c.Period;
        while (start + length <= step)
        {
            start += length;
            i++;
            length = c.Period * Math.Pow(c.Multiplier, i);
        }

        if (c.Limit is long limit && i >= limit)
        {
            return c.Floor;
        }

        double decay = Math.Pow(c.Decay, i);
        double peak = c.Mode == PeakDecayMode.Peak ? c.Peak * decay : c.Floor + ((c.Peak - c.Floor) * decay);
        double tau = step - start;
        if (tau < c.Warmup)
        {
            return c.WarmupStart + ((peak - c.WarmupStart) * tau / c.Warmup);
        }

        double u = Math.Pow((tau - c.Warmup) / (length - c.Warmup), c.K);
        double f = c.Shape switch
        {
            CycleShape.Cosine => (1 + Math.Cos(Math.PI * u)) / 2,
            CycleShape.Power => Math.Pow(1 - u, c.Power),
            _ => (1 - Math.Tanh(c.Lower + ((c.Upper - c.Lower) * u))) / 2,
        };
        return c.Floor + ((peak - c.Floor) * f);
    }

    [Theory]
    [MemberData(nameof(FormulaCases))]
    public void Follows_the_documented_formula(Params c)
    {
        var s = c.Create();
        double scale = Math.Max(c.Peak, c.Floor);
        for (long step = 0; step <= 400; step++)
        {
            Approx.Equal(s.GetLearningRate(step), Expected(c, step), rel: 1e-13, abs: 2e-16 * scale, because: c.Name + " at step " + step);
        }
    }

    [Theory]
    [MemberData(nameof(FormulaCases))]
    public void LocateCycle_finds_the_cycle_of_every_step(Params c)
    {
        var s = c.Create();
        long i = 0;
        double start = 0, length = c.Period;
        for (long step = 0; step <= 400; step++)
        {
            while (start + length <= step)
            {
                start += length;
                i++;
                length = c.Period * Math.Pow(c.Multiplier, i);
            }

            s.LocateCycle(step).Should().Be((i, start, length), "{0} at step {1}", c.Name, step);
        }
    }

    [Fact]
    public void Every_restart_starts_at_the_cycle_peak()
    {
        var s = new RestartsSchedule(0.1, 10, 2, peakDecay: 0.5);
        s.GetLearningRate(0).Should().Be(0.1);
        s.GetLearningRate(10).Should().Be(0.05);
        s.GetLearningRate(30).Should().Be(0.025);
        s.GetLearningRate(70).Should().Be(0.0125);
        s.GetLearningRate(9).Should().BeGreaterThan(0).And.BeLessThan(0.01);
        s.GetLearningRate(5).Should().Be(0.05); // half of a cosine cycle to floor 0 is exactly half the peak

        var amplitude = new RestartsSchedule(1, 8, 1, 0.5, 0.5, peakDecayMode: PeakDecayMode.Amplitude);
        amplitude.GetLearningRate(0).Should().Be(1);
        amplitude.GetLearningRate(8).Should().Be(0.75); // 0.5 + (1 - 0.5) * 0.5
        amplitude.GetLearningRate(16).Should().Be(0.625);
        amplitude.GetLearningRate(4).Should().Be(0.75); // halfway down the first cycle

        var peak = new RestartsSchedule(1, 8, 1, 0.5, 0.5);
        peak.GetLearningRate(8).Should().Be(0.5); // the peak decays to the floor itself
        peak.GetLearningRate(12).Should().Be(0.5);
        peak.GetLearningRate(16).Should().Be(0.5 + ((0.25 - 0.5) * 1)); // below the floor, rising to it, as timm does
    }

    [Fact]
    public void Power_and_tanh_shapes_at_exact_points()
    {
        var linear = new RestartsSchedule(1, 4, shape: CycleShape.Power);
        new[] { 0L, 1, 2, 3, 4, 5 }.Select(linear.GetLearningRate).Should().Equal(1, 0.75, 0.5, 0.25, 1, 0.75);

        var square = new RestartsSchedule(1, 4, shape: CycleShape.Power, power: 2);
        square.GetLearningRate(2).Should().Be(0.25);

        // tanh with symmetric bounds is 1/2 at the middle of the cycle.
        var tanh = new RestartsSchedule(1, 10, shape: CycleShape.Tanh, tanhLower: -5, tanhUpper: 5);
        tanh.GetLearningRate(5).Should().Be(0.5);
        Approx.Equal(tanh.GetLearningRate(0), (1 - Math.Tanh(-5)) / 2);

        // k-decay: u = (t / T)^k.
        var k = new RestartsSchedule(1, 4, shape: CycleShape.Power, kDecay: 2);
        k.GetLearningRate(2).Should().Be(0.75);
        k.GetLearningRate(1).Should().Be(1 - 0.0625);
    }

    [Fact]
    public void Cycle_warmup_rises_linearly_from_its_start_value_at_every_restart()
    {
        var s = new RestartsSchedule(1, 10, 2, 0.5, cycleWarmupSteps: 4, cycleWarmupStart: 0.25);
        new[] { 0L, 1, 2, 3, 4 }.Select(s.GetLearningRate).Should().Equal(0.25, 0.4375, 0.625, 0.8125, 1);
        s.GetLearningRate(10).Should().Be(0.25);
        s.GetLearningRate(12).Should().Be(0.375); // halfway from 0.25 to the second peak 0.5
        s.GetLearningRate(14).Should().Be(0.5);
        s.GetLearningRate(30).Should().Be(0.25);
        s.GetLearningRate(34).Should().Be(0.25); // the third peak is 0.25 too

        // After the warmup the cycle runs over T - W steps: at 4 + 3 the cosine is half way.
        s.GetLearningRate(7).Should().Be(0.5);
    }

    [Fact]
    public void The_cycle_limit_holds_the_floor_forever()
    {
        var s = new RestartsSchedule(0.1, 10, 2, floorValue: 0.01, cycleLimit: 2);
        s.GetLearningRate(29).Should().BeGreaterThan(0.01);
        s.LocateCycle(30).Cycle.Should().Be(2);
        foreach (long step in ScheduleChecks.SweepSteps(30).Where(x => x >= 30))
        {
            s.GetLearningRate(step).Should().Be(0.01, "cycle 2 and later are past the limit (step {0})", step);
        }

        var one = new RestartsSchedule(0.1, 10, floorValue: 0.01, cycleLimit: 1);
        one.GetLearningRate(9).Should().BeGreaterThan(0.01);
        one.GetLearningRate(10).Should().Be(0.01);
    }

    [Fact]
    public void Fractional_periods_restart_between_steps()
    {
        var s = new RestartsSchedule(1, 2.5);
        s.LocateCycle(2).Should().Be((0L, 0.0, 2.5));
        s.LocateCycle(3).Should().Be((1L, 2.5, 2.5));
        s.LocateCycle(5).Should().Be((2L, 5.0, 2.5));
        s.GetLearningRate(5).Should().Be(1);
        Approx.Equal(s.GetLearningRate(3), (1 + Math.Cos(Math.PI * 0.2)) / 2); // tau = 0.5 of 2.5

        var below = new RestartsSchedule(1, 0.5);
        foreach (long step in new long[] { 0, 1, 2, 7, 1000, ScheduleChecks.TwoTo53 })
        {
            below.GetLearningRate(step).Should().Be(1, "every step is a restart with a period of 0.5 (step {0})", step);
        }

        var growing = new RestartsSchedule(1, 1.5, 1.5);
        growing.LocateCycle(3).Should().Be((1L, 1.5, 2.25));
        growing.LocateCycle(4).Should().Be((2L, 3.75, 3.375));
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        foreach (var c in Cases)
        {
            var s = c.Create();
            double high = Math.Max(Math.Max(c.Peak, c.Floor), c.WarmupStart);
            foreach (long step in ScheduleChecks.FarSteps)
            {
                double v = s.GetLearningRate(step);
                double.IsFinite(v).Should().BeTrue("{0} at step {1}", c.Name, step);
                v.Should().BeInRange(0, high, "{0} at step {1}", c.Name, step);
            }
        }

        // SGDR with a constant period of 10: 2^53 = 10 * 900719925474099 + 2, and long.MaxValue ends in 7.
        var sgdr = new RestartsSchedule(1, 10);
        sgdr.LocateCycle(ScheduleChecks.TwoTo53).Should().Be((900719925474099L, 9007199254740990.0, 10.0));
        sgdr.GetLearningRate(ScheduleChecks.TwoTo53).Should().Be(sgdr.GetLearningRate(2));

        // Past 2^53 the position inside a cycle is rounded like the step itself (long.MaxValue - 7 rounds to 2^63).
        sgdr.LocateCycle(long.MaxValue).Cycle.Should().Be(922337203685477580L);
        sgdr.GetLearningRate(long.MaxValue).Should().BeInRange(0, 1);
        new RestartsSchedule(1, 10, cycleLimit: long.MaxValue).GetLearningRate(long.MaxValue).Should().Be(sgdr.GetLearningRate(long.MaxValue));
        new RestartsSchedule(1, 10, floorValue: 0.5, cycleLimit: 922337203685477580L).GetLearningRate(long.MaxValue).Should().Be(0.5);
    }

    [Theory]
    [InlineData(1.5, 1.0)]
    [InlineData(0.5, 1.0)]
    [InlineData(0.75, 1.0)]
    [InlineData(1.999, 1.0)]
    [InlineData(1e-300, 1.0)]
    [InlineData(1e-300, 2.0)]
    [InlineData(1e-300, 1.5)]
    [InlineData(0.1, 1.0000001)]
    public void Tiny_periods_stay_finite_and_the_cycle_search_ends(double period, double multiplier)
    {
        // With more than 2^62 cycles the index saturates; the cycle search must still end, with a value in range.
        var s = new RestartsSchedule(1, period, multiplier, floorValue: 0.25);
        foreach (long step in ScheduleChecks.SweepSteps().Concat([1_000_000_000L, 10_000_000_000L]))
        {
            double v = s.GetLearningRate(step);
            v.Should().BeInRange(0.25, 1, "period {0}, multiplier {1}, step {2}", period, multiplier, step);
            s.LocateCycle(step).Cycle.Should().BeGreaterThanOrEqualTo(0);
        }
    }

    [Fact]
    public void Integer_periods_locate_the_cycle_exactly_up_to_long_MaxValue()
    {
        foreach (var (t0, m) in new (long, long)[] { (1, 2), (1, 3), (3, 2), (7, 5), (1, 1L << 31), (1L << 53, 1), (1L << 40, 2), (1, 1) })
        {
            var s = new RestartsSchedule(1, t0, m);
            foreach (long step in ScheduleChecks.SweepSteps())
            {
                var (cycle, start, length) = s.LocateCycle(step);
                start.Should().BeLessThanOrEqualTo(step, "T0 {0}, m {1}, step {2}", t0, m, step);
                length.Should().Be(t0 * Math.Pow(m, cycle));
                if (step < ScheduleChecks.TwoTo53)
                {
                    (start + length).Should().BeGreaterThan(step, "T0 {0}, m {1}, step {2}", t0, m, step);
                }

                double v = s.GetLearningRate(step);
                v.Should().BeInRange(0, 1);
            }
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        foreach (var c in Cases)
        {
            ScheduleChecks.AssertFiniteNonNegative(c.Create(), 10, 12, 13, 30, 70);
        }

        ScheduleChecks.AssertFiniteNonNegative(new RestartsSchedule(double.MaxValue, 3, 1e9, 0.5, double.MaxValue / 2, shape: CycleShape.Tanh, tanhLower: -1e300, tanhUpper: 1e300));
        ScheduleChecks.AssertFiniteNonNegative(new RestartsSchedule(1, double.MaxValue, double.MaxValue, kDecay: 1e300));
        ScheduleChecks.AssertFiniteNonNegative(new RestartsSchedule(1, 3, 1, 1e-300, cycleWarmupSteps: 2, cycleWarmupStart: double.MaxValue));
        ScheduleChecks.AssertFiniteNonNegative(new RestartsSchedule(1, 2, shape: CycleShape.Power, power: 1e-300, kDecay: 1e-300));
        ScheduleChecks.AssertFiniteNonNegative(new RestartsSchedule(1, 1000, kDecay: 200), 1000);
        ScheduleChecks.AssertFiniteNonNegative(new RestartsSchedule(1, 0.75, 1.5, kDecay: 5000), 1);
    }

    [Fact]
    public void A_large_k_decay_does_not_overflow()
    {
        // t^k / T^k overflows to inf / inf for k = 200 and T = 1000 (timm raises OverflowError there); the quotient is (t / T)^k.
        var s = new RestartsSchedule(1, 1000, kDecay: 200);
        for (long step = 0; step < 1000; step += 37)
        {
            Approx.Equal(s.GetLearningRate(step), (1 + Math.Cos(Math.PI * Math.Pow(step / 1000.0, 200))) / 2, rel: 1e-12);
        }

        s.GetLearningRate(999).Should().BeLessThan(0.5);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        // One schedule per code path (integral and fractional cycle search, warmup, limit, shapes); each check is costly.
        foreach (var c in Cases.Where((c, i) => i % 4 == 0 || c.Warmup > 0))
        {
            ScheduleChecks.AssertEvaluateMatchesPointwise(c.Create(), 10, 30, 70);
        }

        ScheduleChecks.AssertEvaluateMatchesPointwise(new RestartsSchedule(1, 1, 2), (1L << 62) - 1, long.MaxValue);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(
            new RestartsSchedule(0.1, 10),
            new RestartsSchedule(0.1, 10, 1, 1, 0, null, CycleShape.Cosine, 1, -7, 3, 1, PeakDecayMode.Peak, 0, 0));
        ScheduleChecks.AssertAllDistinct(
            new RestartsSchedule(0.1, 10),
            new RestartsSchedule(0.2, 10),
            new RestartsSchedule(0.1, 11),
            new RestartsSchedule(0.1, 10, 2),
            new RestartsSchedule(0.1, 10, peakDecay: 0.5),
            new RestartsSchedule(0.1, 10, floorValue: 0.01),
            new RestartsSchedule(0.1, 10, cycleLimit: 3),
            new RestartsSchedule(0.1, 10, shape: CycleShape.Power),
            new RestartsSchedule(0.1, 10, power: 2),
            new RestartsSchedule(0.1, 10, tanhLower: -6),
            new RestartsSchedule(0.1, 10, tanhUpper: 4),
            new RestartsSchedule(0.1, 10, kDecay: 2),
            new RestartsSchedule(0.1, 10, peakDecayMode: PeakDecayMode.Amplitude),
            new RestartsSchedule(0.1, 10, cycleWarmupSteps: 2),
            new RestartsSchedule(0.1, 10, cycleWarmupStart: 0.01));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new RestartsSchedule(0.1, 12.5, 1.5, 0.5, 1e-4, 3, CycleShape.Tanh, 1, -6, 4, 1, PeakDecayMode.Amplitude, 2, 0.01).ToString()
            .Should().Be("restarts(peak_value: 0.1, period: 12.5, period_multiplier: 1.5, peak_decay: 0.5, floor_value: 0.0001, cycle_limit: 3, shape: tanh, power: 1, tanh_lower: -6, tanh_upper: 4, k_decay: 1, peak_decay_mode: amplitude, cycle_warmup_steps: 2, cycle_warmup_start: 0.01)");
        new RestartsSchedule(0.1, 10).ToString()
            .Should().Be("restarts(peak_value: 0.1, period: 10, period_multiplier: 1, peak_decay: 1, floor_value: 0, shape: cosine, power: 1, tanh_lower: -7, tanh_upper: 3, k_decay: 1, peak_decay_mode: peak, cycle_warmup_steps: 0, cycle_warmup_start: 0)");
    }
}
