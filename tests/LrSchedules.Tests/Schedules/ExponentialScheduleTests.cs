using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class ExponentialScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new ExponentialSchedule(double.NaN, 0.5, 10), "initialValue")
        .OutOfRange("initialValue +inf", () => new ExponentialSchedule(double.PositiveInfinity, 0.5, 10), "initialValue")
        .OutOfRange("initialValue -inf", () => new ExponentialSchedule(double.NegativeInfinity, 0.5, 10), "initialValue")
        .OutOfRange("initialValue negative", () => new ExponentialSchedule(-1, 0.5, 10), "initialValue")
        .OutOfRange("decayRate 0", () => new ExponentialSchedule(1, 0, 10), "decayRate")
        .OutOfRange("decayRate negative", () => new ExponentialSchedule(1, -0.5, 10), "decayRate")
        .OutOfRange("decayRate NaN", () => new ExponentialSchedule(1, double.NaN, 10), "decayRate")
        .OutOfRange("decayRate +inf", () => new ExponentialSchedule(1, double.PositiveInfinity, 10, endValue: 2), "decayRate")
        .OutOfRange("decayRate -inf", () => new ExponentialSchedule(1, double.NegativeInfinity, 10), "decayRate")
        .OutOfRange("transitionSteps 0", () => new ExponentialSchedule(1, 0.5, 0), "transitionSteps")
        .OutOfRange("transitionSteps -1", () => new ExponentialSchedule(1, 0.5, -1), "transitionSteps")
        .OutOfRange("transitionBegin -1", () => new ExponentialSchedule(1, 0.5, 10, -1), "transitionBegin")
        .OutOfRange("transitionBegin long.MinValue", () => new ExponentialSchedule(1, 0.5, 10, long.MinValue), "transitionBegin")
        .OutOfRange("endValue NaN", () => new ExponentialSchedule(1, 0.5, 10, endValue: double.NaN), "endValue")
        .OutOfRange("endValue +inf", () => new ExponentialSchedule(1, 2, 10, endValue: double.PositiveInfinity), "endValue")
        .OutOfRange("endValue -inf", () => new ExponentialSchedule(1, 0.5, 10, endValue: double.NegativeInfinity), "endValue")
        .OutOfRange("endValue negative", () => new ExponentialSchedule(1, 0.5, 10, endValue: -0.1), "endValue")
        .Invalid("decayRate > 1 without endValue", () => new ExponentialSchedule(1, 1.5, 10), "endValue")
        .Invalid("decayRate just above 1 without endValue", () => new ExponentialSchedule(1, 1 + 1e-15, 10), "endValue")
        .StepArguments(() => new ExponentialSchedule(1, 0.5, 10));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    /// <summary>The documented formula, written out.</summary>
    private static double Expected(double initial, double rate, long steps, long begin, bool staircase, double? end, long step)
    {
        long t = step - begin;
        if (t <= 0)
        {
            return initial;
        }

        double p = staircase ? Math.Floor(t / (double)steps) : t / (double)steps;
        double v = initial * Math.Pow(rate, p);
        if (end is double e)
        {
            v = rate < 1 ? Math.Max(v, e) : Math.Min(v, e);
        }

        return v;
    }

    [Theory]
    [InlineData(0.1, 0.96, 10L, 0L, false, null)]
    [InlineData(0.1, 0.96, 10L, 0L, true, null)]
    [InlineData(1.0, 0.5, 3L, 7L, false, 0.05)]
    [InlineData(1.0, 0.5, 3L, 7L, true, 0.05)]
    [InlineData(0.001, 1.1, 4L, 2L, false, 0.01)]
    [InlineData(0.001, 1.1, 4L, 2L, true, 0.01)]
    [InlineData(0.3, 1.0, 5L, 0L, false, null)]
    public void Follows_the_documented_formula(double initial, double rate, long steps, long begin, bool staircase, double? end)
    {
        var s = new ExponentialSchedule(initial, rate, steps, begin, staircase, end);
        for (long step = 0; step <= 200; step++)
        {
            Approx.Equal(s.GetLearningRate(step), Expected(initial, rate, steps, begin, staircase, end, step), because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_powers_of_one_half()
    {
        var s = new ExponentialSchedule(1, 0.5, 1);
        for (int k = 0; k <= 60; k++)
        {
            s.GetLearningRate(k).Should().Be(Math.ScaleB(1, -k));
        }

        var stairs = new ExponentialSchedule(0.75, 0.5, 10, staircase: true);
        stairs.GetLearningRate(9).Should().Be(0.75);
        stairs.GetLearningRate(10).Should().Be(0.375);
        stairs.GetLearningRate(19).Should().Be(0.375);
        stairs.GetLearningRate(20).Should().Be(0.1875);
    }

    [Fact]
    public void Boundaries_are_exact()
    {
        var s = new ExponentialSchedule(0.34, 0.5, 10, transitionBegin: 20, staircase: true, endValue: 0.05);
        s.GetLearningRate(0).Should().Be(0.34);
        s.GetLearningRate(19).Should().Be(0.34);
        s.GetLearningRate(20).Should().Be(0.34);
        s.GetLearningRate(29).Should().Be(0.34);
        s.GetLearningRate(30).Should().Be(0.17);
        s.GetLearningRate(39).Should().Be(0.17);
        s.GetLearningRate(40).Should().Be(0.085);
        s.GetLearningRate(49).Should().Be(0.085);
        s.GetLearningRate(50).Should().Be(0.05); // 0.0425 is below the floor
        s.GetLearningRate(1000).Should().Be(0.05);

        var smooth = new ExponentialSchedule(0.34, 0.5, 10, transitionBegin: 20);
        smooth.GetLearningRate(20).Should().Be(0.34);
        smooth.GetLearningRate(21).Should().BeLessThan(0.34);
        smooth.GetLearningRate(30).Should().Be(0.17);
    }

    [Fact]
    public void A_growing_schedule_reaches_its_cap_exactly()
    {
        var s = new ExponentialSchedule(1, 2, 1, endValue: 10);
        s.GetLearningRate(3).Should().Be(8);
        s.GetLearningRate(4).Should().Be(10);
        s.GetLearningRate(2000).Should().Be(10); // 2^2000 overflows to +inf before the cap applies
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(10);
        }
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        var toZero = new ExponentialSchedule(0.1, 0.5, 10);
        var floored = new ExponentialSchedule(0.1, 0.5, 10, endValue: 1e-3);
        var zeroGrowth = new ExponentialSchedule(0, 3, 1, endValue: 1);
        var flat = new ExponentialSchedule(0.1, 1, 10);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            toZero.GetLearningRate(step).Should().Be(0); // 0.5^p underflows
            floored.GetLearningRate(step).Should().Be(1e-3);
            zeroGrowth.GetLearningRate(step).Should().Be(0); // 0 * inf must not become NaN
            flat.GetLearningRate(step).Should().Be(0.1);
        }
    }

    [Fact]
    public void Decay_rate_of_one_needs_no_end_value()
    {
        var s = new ExponentialSchedule(0.1, 1, 10);
        s.EndValue.Should().BeNull();
        s.GetLearningRate(12345).Should().Be(0.1);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new ExponentialSchedule(0.1, 0.96, 10), 0);
        ScheduleChecks.AssertFiniteNonNegative(new ExponentialSchedule(double.MaxValue, 1e-300, 1, 5, false, 0), 5);
        ScheduleChecks.AssertFiniteNonNegative(new ExponentialSchedule(1e-300, double.MaxValue, 1, 5, true, double.MaxValue), 5);
        ScheduleChecks.AssertFiniteNonNegative(new ExponentialSchedule(double.MaxValue, 1.5, 7, 0, false, double.MaxValue), 7);
        ScheduleChecks.AssertFiniteNonNegative(new ExponentialSchedule(1, 0.5, long.MaxValue, long.MaxValue), long.MaxValue);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ExponentialSchedule(0.34, 0.5, 10, 20, true, 0.05), 20, 30, 50);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ExponentialSchedule(0.001, 1.1, 4, 2, false, 0.01), 2);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new ExponentialSchedule(0.1, 0.5, 10), new ExponentialSchedule(0.1, 0.5, 10, 0, false, null));
        ScheduleChecks.AssertValueEqual(new ExponentialSchedule(0.1, 2, 10, endValue: 1), new ExponentialSchedule(0.1, 2, 10, endValue: 1));
        ScheduleChecks.AssertAllDistinct(
            new ExponentialSchedule(0.1, 0.5, 10),
            new ExponentialSchedule(0.2, 0.5, 10),
            new ExponentialSchedule(0.1, 0.6, 10),
            new ExponentialSchedule(0.1, 0.5, 11),
            new ExponentialSchedule(0.1, 0.5, 10, 1),
            new ExponentialSchedule(0.1, 0.5, 10, staircase: true),
            new ExponentialSchedule(0.1, 0.5, 10, endValue: 0),
            new ExponentialSchedule(0.1, 0.5, 10, endValue: 0.01));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new ExponentialSchedule(0.1, 0.5, 10).ToString()
            .Should().Be("exponential(initial_value: 0.1, decay_rate: 0.5, transition_steps: 10, transition_begin: 0, staircase: false)");
        new ExponentialSchedule(0.1, 1.5, 10, 3, true, 2.5).ToString()
            .Should().Be("exponential(initial_value: 0.1, decay_rate: 1.5, transition_steps: 10, transition_begin: 3, staircase: true, end_value: 2.5)");
    }
}
