using System.Numerics;
using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

/// <summary><see cref="RestartsSchedule.FloorDecay"/> (fairseq cosine's <c>lr_shrink</c>) and <see cref="PeriodGrowth.Truncated"/> (Composer's <c>int(t_mult * t)</c>).</summary>
public class RestartsFloorDecayAndTruncatedTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("floorDecay negative", () => new RestartsSchedule(0.1, 10, floorDecay: -0.1), "floorDecay")
        .OutOfRange("floorDecay above 1", () => new RestartsSchedule(0.1, 10, floorDecay: 1.5), "floorDecay")
        .OutOfRange("floorDecay NaN", () => new RestartsSchedule(0.1, 10, floorDecay: double.NaN), "floorDecay")
        .Invalid("periodGrowth undefined", () => new RestartsSchedule(0.1, 10, periodGrowth: (PeriodGrowth)7), "periodGrowth")
        .OutOfRange("truncated fractional period", () => new RestartsSchedule(0.1, 7.5, 2, periodGrowth: PeriodGrowth.Truncated), "period")
        .OutOfRange("truncated period below 1", () => new RestartsSchedule(0.1, 0.5, 2, periodGrowth: PeriodGrowth.Truncated), "period")
        .OutOfRange("truncated period beyond long", () => new RestartsSchedule(0.1, 1e19, 2, periodGrowth: PeriodGrowth.Truncated), "period")
        .OutOfRange("truncated multiplier too slow for the table", () => new RestartsSchedule(0.1, 1e10, 1 + 1e-9, periodGrowth: PeriodGrowth.Truncated), "periodMultiplier")
        .StepArguments(() => new RestartsSchedule(0.1, 7, 1.5, floorDecay: 0.5, periodGrowth: PeriodGrowth.Truncated));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Floor_and_peak_shrink_by_their_factors_each_cycle()
    {
        // fairseq cosine: min_lr * shrink^i + (max_lr - min_lr) * shrink^i * (1 + cos(pi t / T)) / 2.
        var s = new RestartsSchedule(0.1, 20, 1, 0.5, 0.01, floorDecay: 0.5);
        for (long step = 0; step < 200; step++)
        {
            long i = step / 20, t = step % 20;
            double shrink = Math.Pow(0.5, i);
            double expected = (0.01 * shrink) + (0.5 * ((0.1 * shrink) - (0.01 * shrink)) * (1 + Math.Cos(Math.PI * t / 20)));
            Approx.IsClose(s.GetLearningRate(step), expected, 1e-14, 0).Should().BeTrue("step {0}: {1} vs {2}", step, s.GetLearningRate(step), expected);
        }
    }

    [Fact]
    public void Without_floor_decay_the_floor_is_the_same_every_cycle_bit_for_bit()
    {
        var old = new RestartsSchedule(0.1, 12.5, 1.5, 0.5, 1e-4, 3, CycleShape.Tanh, 1, -6, 4, 1, PeakDecayMode.Amplitude, 2, 0.01);
        var explicitDefaults = new RestartsSchedule(0.1, 12.5, 1.5, 0.5, 1e-4, 3, CycleShape.Tanh, 1, -6, 4, 1, PeakDecayMode.Amplitude, 2, 0.01, 1, PeriodGrowth.Exact);
        explicitDefaults.Should().Be(old);
        ScheduleSpec.ToJson(old).Should().NotContain("floor_decay").And.NotContain("period_growth");
        var parsed = (RestartsSchedule)ScheduleSpec.Parse(ScheduleSpec.ToJson(old));
        parsed.FloorDecay.Should().Be(1);
        parsed.PeriodGrowth.Should().Be(PeriodGrowth.Exact);
    }

    [Fact]
    public void Amplitude_mode_measures_the_decayed_peak_from_the_decayed_floor()
    {
        var s = new RestartsSchedule(1, 10, 1, 0.5, 0.2, peakDecayMode: PeakDecayMode.Amplitude, floorDecay: 0.5);
        s.GetLearningRate(10).Should().Be(0.1 + ((1 - 0.1) * 0.5));
        s.GetLearningRate(0).Should().Be(1);
    }

    [Fact]
    public void Past_the_cycle_limit_the_undecayed_floor_holds()
    {
        var s = new RestartsSchedule(1, 10, 1, 0.5, 0.2, cycleLimit: 2, floorDecay: 0.5);
        s.GetLearningRate(19).Should().BeGreaterThanOrEqualTo(0.1);
        s.GetLearningRate(20).Should().Be(0.2);
        s.GetLearningRate(long.MaxValue).Should().Be(0.2);
    }

    [Fact]
    public void Truncated_periods_follow_int_t_mult_times_t()
    {
        // T: 7, int(10.5) = 10, 15, int(22.5) = 22, 33, int(49.5) = 49; starts 0, 7, 17, 32, 54, 87, 136.
        var s = new RestartsSchedule(1, 7, 1.5, periodGrowth: PeriodGrowth.Truncated);
        long[] starts = [0, 7, 17, 32, 54, 87, 136];
        for (int i = 0; i + 1 < starts.Length; i++)
        {
            s.LocateCycle(starts[i]).Should().Be((i, (double)starts[i], (double)(starts[i + 1] - starts[i])));
            s.LocateCycle(starts[i + 1] - 1).Cycle.Should().Be(i);
            s.GetLearningRate(starts[i]).Should().Be(1);
        }

        // The exact growth puts step 17 inside cycle 1 (which ends at 17.5).
        new RestartsSchedule(1, 7, 1.5).LocateCycle(17).Cycle.Should().Be(1);
    }

    [Theory]
    [InlineData(2L, 1.5)]
    [InlineData(10L, 1.1)]
    [InlineData(1000L, 1.001)]
    [InlineData(3074457345618258602L, 1.5)]
    [InlineData(9007199254740994L, 1.25)]
    [InlineData(5L, 2.0)]
    [InlineData(50L, 1.01)]
    [InlineData(1000L, 1.002)]
    public void Truncated_cycles_are_found_exactly_up_to_long_MaxValue(long period, double multiplier)
    {
        var s = new RestartsSchedule(1, period, multiplier, periodGrowth: PeriodGrowth.Truncated);

        // The period the schedule holds is the double nearest to it.
        BigInteger start = 0, length = (long)(double)period;
        long cycle = 0;
        var checkedSteps = new List<long>();
        while (start <= long.MaxValue && cycle < 5000)
        {
            foreach (BigInteger b in new[] { start, start + 1, start + length - 1 })
            {
                if (b <= long.MaxValue && b >= start && b < start + length)
                {
                    var located = s.LocateCycle((long)b);
                    located.Cycle.Should().Be(cycle, "step {0}", b);
                    located.Start.Should().Be((double)(long)start);
                    checkedSteps.Add((long)b);
                }
            }

            start += length;
            var next = new BigInteger(Math.Floor(multiplier * (double)length));
            length = next;
            cycle++;
        }

        s.GetLearningRate(long.MaxValue).Should().BeInRange(0, 1);
        checkedSteps.Should().NotBeEmpty();
    }

    [Fact]
    public void A_multiplier_whose_first_truncation_does_not_grow_keeps_the_period_constant()
    {
        var s = new RestartsSchedule(1, 50, 1.01, periodGrowth: PeriodGrowth.Truncated);
        s.LocateCycle(long.MaxValue).Should().Be((long.MaxValue / 50, (double)(long.MaxValue / 50 * 50), 50.0));
        s.GetLearningRate(100).Should().Be(1);
    }

    [Fact]
    public void A_cycle_limit_bounds_the_table_so_slow_multipliers_are_accepted()
    {
        var s = new RestartsSchedule(1, 1e10, 1 + 1e-9, floorValue: 0.1, cycleLimit: 100, periodGrowth: PeriodGrowth.Truncated);
        s.LocateCycle(10_000_000_000).Should().Be((1, 1e10, 1e10 + 10));
        s.GetLearningRate(long.MaxValue).Should().Be(0.1);
    }

    [Fact]
    public void Spans_are_bit_identical_to_the_scalar_values()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new RestartsSchedule(0.1, 7, 1.5, 0.8, 0.01, floorDecay: 0.5, periodGrowth: PeriodGrowth.Truncated), 7, 17, 32, 54, 87, 136);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new RestartsSchedule(0.1, 7, 1.5, 0.8, 0.01, 5, CycleShape.Power, 2, floorDecay: 0.5, cycleWarmupSteps: 2, periodGrowth: PeriodGrowth.Truncated), 7, 17, 32, 54, 87, 136);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new RestartsSchedule(0.1, 3074457345618258602, 1.5, periodGrowth: PeriodGrowth.Truncated), 3074457345618258602, 7686143364045646505);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new RestartsSchedule(0.1, 12.5, 1.5, 0.5, 1e-3, floorDecay: 0.25), 12, 13, 31, 32, 59);
    }

    [Fact]
    public void Value_equality_covers_the_new_options()
    {
        var a = new RestartsSchedule(0.1, 7, 1.5, floorDecay: 0.5, periodGrowth: PeriodGrowth.Truncated);
        ScheduleChecks.AssertValueEqual(a, new RestartsSchedule(0.1, 7, 1.5, floorDecay: 0.5, periodGrowth: PeriodGrowth.Truncated));
        ScheduleChecks.AssertAllDistinct(a, new RestartsSchedule(0.1, 7, 1.5, floorDecay: 0.5), new RestartsSchedule(0.1, 7, 1.5, floorDecay: 0.25, periodGrowth: PeriodGrowth.Truncated), new RestartsSchedule(0.1, 7, 2, floorDecay: 0.5, periodGrowth: PeriodGrowth.Truncated));
    }

    [Fact]
    public void The_spec_reads_and_writes_the_new_fields()
    {
        var a = new RestartsSchedule(0.1, 7, 1.5, floorDecay: 0.5, periodGrowth: PeriodGrowth.Truncated);
        string json = ScheduleSpec.ToJson(a);
        json.Should().EndWith(",\"floor_decay\":0.5,\"period_growth\":\"truncated\"}");
        ScheduleSpec.Parse(json).Should().Be(a);
        var bad = () => ScheduleSpec.Parse("""{"type":"restarts","peak_value":0.1,"period":7.5,"period_multiplier":2,"period_growth":"truncated"}""");
        bad.Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.period");
        var badName = () => ScheduleSpec.Parse("""{"type":"restarts","peak_value":0.1,"period":7,"period_growth":"floor"}""");
        badName.Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.period_growth");
        var badDecay = () => ScheduleSpec.Parse("""{"type":"restarts","peak_value":0.1,"period":7,"floor_decay":2}""");
        badDecay.Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.floor_decay");
    }
}
