using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

/// <summary><see cref="DecayShape.ShiftedExponential"/>: <c>final + (initial - final) * (2 * 0.5^p - 1)</c> (Megatron's WSD "exponential").</summary>
public class ShiftedExponentialAnnealTests
{
    [Theory]
    [InlineData(0.001, 1e-5, 120L)]
    [InlineData(0.1, 0.0, 7L)]
    [InlineData(0.001, 0.003, 50L)]
    [InlineData(0.2, 0.2, 3L)]
    public void Follows_the_documented_formula(double initial, double final, long steps)
    {
        var s = new AnnealSchedule(initial, final, steps, DecayShape.ShiftedExponential);
        for (long t = 0; t <= steps + 20; t++)
        {
            double p = Math.Min(1, (double)t / steps);
            double expected = final + ((initial - final) * ((2.0 * Math.Pow(0.5, p)) - 1.0));
            Approx.Equal(s.GetLearningRate(t), expected, rel: 1e-14, abs: 1e-18, because: "at step " + t);
        }
    }

    [Fact]
    public void Exact_values()
    {
        var s = new AnnealSchedule(1, 0, 2, DecayShape.ShiftedExponential);
        s.GetLearningRate(0).Should().Be(1);
        s.GetLearningRate(2).Should().Be(0);
        s.GetLearningRate(1000).Should().Be(0);
        // 2 * 2^(-1/2) - 1 = sqrt(2) - 1.
        Approx.Equal(s.GetLearningRate(1), Math.Sqrt(2) - 1, rel: 1e-15);
    }

    [Fact]
    public void Lies_below_the_linear_decay_and_decreases()
    {
        // 2 * 0.5^p - 1 is convex with the same ends as 1 - p: below it on (0, 1).
        var e = new AnnealSchedule(1, 0, 100, DecayShape.ShiftedExponential);
        var linear = new AnnealSchedule(1, 0, 100);
        double previous = double.PositiveInfinity;
        for (long t = 0; t <= 100; t++)
        {
            double v = e.GetLearningRate(t);
            v.Should().BeLessThanOrEqualTo(linear.GetLearningRate(t)).And.BeLessThanOrEqualTo(previous);
            previous = v;
        }
    }

    [Fact]
    public void Is_megatrons_wsd_exponential_inside_warmup_stable_decay()
    {
        var wsd = new WarmupStableDecaySchedule(0.001, 10, 30, 20, 1e-5, decayShape: DecayShape.ShiftedExponential);
        for (long k = 40; k <= 60; k++)
        {
            double r = (k - 40) / 20.0;
            Approx.Equal(wsd.GetLearningRate(k), 1e-5 + ((2.0 * Math.Pow(0.5, r)) - 1.0) * (0.001 - 1e-5), rel: 1e-13, because: "at step " + k);
        }
    }

    [Fact]
    public void Values_are_finite_and_Evaluate_matches()
    {
        ScheduleChecks.AssertFiniteNonNegative(new AnnealSchedule(double.MaxValue, 0, 7, DecayShape.ShiftedExponential), 7);
        ScheduleChecks.AssertFiniteNonNegative(new AnnealSchedule(1, double.MaxValue, long.MaxValue, DecayShape.ShiftedExponential), long.MaxValue);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new AnnealSchedule(0.1, 0.001, 50, DecayShape.ShiftedExponential), 50, 150);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new AnnealSchedule(0.001, 0.1, 1L << 53, DecayShape.ShiftedExponential), (1L << 53) - 20);
    }

    [Fact]
    public void Equality_ToString_and_spec_round_trip()
    {
        var s = new AnnealSchedule(0.1, 0.001, 50, DecayShape.ShiftedExponential);
        ScheduleChecks.AssertValueEqual(s, new AnnealSchedule(0.1, 0.001, 50, DecayShape.ShiftedExponential));
        ScheduleChecks.AssertAllDistinct(s, new AnnealSchedule(0.1, 0.001, 50, DecayShape.Exponential));
        ScheduleSpec.Parse(ScheduleSpec.ToJson(s)).Should().Be(s);
        ScheduleSpec.Parse("""{"type":"anneal","initial_value":0.1,"final_value":0.001,"steps":50,"shape":"shifted_exponential"}""").Should().Be(s);
        s.ToString().Should().Contain("shape: shifted_exponential");
    }
}
