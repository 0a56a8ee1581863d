using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

/// <summary><see cref="CyclicSchedule.CycleDecay"/> and <see cref="CyclicSchedule.DecayBase"/> (fairseq triangular's <c>lr_shrink</c>, <c>shrink_min</c>).</summary>
public class CyclicCycleDecayTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("cycleDecay negative", () => new CyclicSchedule(0.1, 1, 5, cycleDecay: -0.5), "cycleDecay")
        .OutOfRange("cycleDecay above 1", () => new CyclicSchedule(0.1, 1, 5, cycleDecay: 1.5), "cycleDecay")
        .OutOfRange("cycleDecay NaN", () => new CyclicSchedule(0.1, 1, 5, cycleDecay: double.NaN), "cycleDecay")
        .StepArguments(() => new CyclicSchedule(0.1, 1, 5, cycleDecay: 0.5));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Theory]
    [InlineData(0.001, 0.01, 0.5, false)]
    [InlineData(0.001, 0.01, 0.5, true)]
    [InlineData(0.002, 0.01, 0.1, false)]
    [InlineData(0.002, 0.01, 0.0, true)]
    public void Matches_fairseq_triangular(double minLr, double maxLr, double shrink, bool shrinkMin)
    {
        const long StepSize = 25;
        var s = new CyclicSchedule(minLr, maxLr, StepSize, StepSize, cycleDecay: shrink, decayBase: shrinkMin);
        for (long k = 0; k < 400; k++)
        {
            long cycle = k / (2 * StepSize);
            double f = Math.Pow(shrink, cycle);
            double top = maxLr * f, bottom = shrinkMin ? minLr * f : minLr;
            double x = Math.Abs(((double)k / StepSize) - (2 * (cycle + 1)) + 1);
            double expected = bottom + ((top - bottom) * Math.Max(0, 1 - x));
            Approx.IsClose(s.GetLearningRate(k), expected, 1e-12, 1e-17).Should().BeTrue("step {0}: {1} vs {2}", k, s.GetLearningRate(k), expected);
            s.GetLearningRate(k).Should().BeInRange(Math.Min(top, bottom), Math.Max(top, bottom));
        }
    }

    [Fact]
    public void Composes_with_triangular2_and_exp_range()
    {
        var t2 = new CyclicSchedule(0.1, 1, 4, 4, CyclicMode.Triangular2, cycleDecay: 0.5, decayBase: true);
        t2.GetLearningRate(12).Should().Be((0.1 * 0.5) + (((1 * 0.5) - (0.1 * 0.5)) * 0.5));
        var exp = new CyclicSchedule(0.1, 1, 4, 4, CyclicMode.ExpRange, 0.9, 0.5);
        exp.GetLearningRate(12).Should().BeApproximately(0.1 + ((0.5 - 0.1) * Math.Pow(0.9, 12)), 1e-15);
    }

    [Fact]
    public void Default_decay_keeps_the_old_values_and_spec_text()
    {
        var old = new CyclicSchedule(0.001, 0.01, 3, 5, CyclicMode.Triangular2);
        old.Should().Be(new CyclicSchedule(0.001, 0.01, 3, 5, CyclicMode.Triangular2, 1, 1, false));
        ScheduleSpec.ToJson(old).Should().Be("{\"type\":\"cyclic\",\"base_value\":0.001,\"max_value\":0.01,\"steps_up\":3,\"steps_down\":5,\"mode\":\"triangular2\",\"gamma\":1}");
    }

    [Fact]
    public void Spans_are_bit_identical_to_the_scalar_values()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new CyclicSchedule(0.001, 0.01, 25, 25, cycleDecay: 0.5), 25, 50, 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new CyclicSchedule(0.002, 0.01, 7, 3, CyclicMode.Triangular2, cycleDecay: 0.1), 7, 10, 20);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new CyclicSchedule(0.002, 0.01, 7, 3, CyclicMode.ExpRange, 0.99, 0.7, true), 7, 10, 20);
    }

    [Fact]
    public void Value_equality_and_spec_round_trip()
    {
        var a = new CyclicSchedule(0.001, 0.01, 4, 6, cycleDecay: 0.5, decayBase: true);
        ScheduleChecks.AssertValueEqual(a, new CyclicSchedule(0.001, 0.01, 4, 6, cycleDecay: 0.5, decayBase: true));
        ScheduleChecks.AssertAllDistinct(a, new CyclicSchedule(0.001, 0.01, 4, 6, cycleDecay: 0.5), new CyclicSchedule(0.001, 0.01, 4, 6, cycleDecay: 0.25, decayBase: true));
        string json = ScheduleSpec.ToJson(a);
        json.Should().EndWith(",\"cycle_decay\":0.5,\"decay_base\":true}");
        ScheduleSpec.Parse(json).Should().Be(a);
        var bad = () => ScheduleSpec.Parse("""{"type":"cyclic","base_value":0.1,"max_value":1,"steps_up":5,"cycle_decay":-1}""");
        bad.Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.cycle_decay");
    }
}
