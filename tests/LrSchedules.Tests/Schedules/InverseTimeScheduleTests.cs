using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class InverseTimeScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new InverseTimeSchedule(double.NaN, 0.5, 10), "initialValue")
        .OutOfRange("initialValue +inf", () => new InverseTimeSchedule(double.PositiveInfinity, 0.5, 10), "initialValue")
        .OutOfRange("initialValue -inf", () => new InverseTimeSchedule(double.NegativeInfinity, 0.5, 10), "initialValue")
        .OutOfRange("initialValue negative", () => new InverseTimeSchedule(-1, 0.5, 10), "initialValue")
        .OutOfRange("decayRate NaN", () => new InverseTimeSchedule(1, double.NaN, 10), "decayRate")
        .OutOfRange("decayRate +inf", () => new InverseTimeSchedule(1, double.PositiveInfinity, 10), "decayRate")
        .OutOfRange("decayRate -inf", () => new InverseTimeSchedule(1, double.NegativeInfinity, 10), "decayRate")
        .OutOfRange("decayRate negative", () => new InverseTimeSchedule(1, -0.5, 10), "decayRate")
        .OutOfRange("decaySteps 0", () => new InverseTimeSchedule(1, 0.5, 0), "decaySteps")
        .OutOfRange("decaySteps -1", () => new InverseTimeSchedule(1, 0.5, -1), "decaySteps")
        .OutOfRange("decaySteps long.MinValue", () => new InverseTimeSchedule(1, 0.5, long.MinValue), "decaySteps")
        .StepArguments(() => new InverseTimeSchedule(1, 0.5, 10));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [InlineData(0.1, 0.5, 10L, false)]
    [InlineData(0.1, 0.5, 10L, true)]
    [InlineData(1.0, 3.0, 1L, false)]
    [InlineData(0.3, 0.0, 7L, true)]
    public void Follows_the_documented_formula(double initial, double rate, long steps, bool staircase)
    {
        var s = new InverseTimeSchedule(initial, rate, steps, staircase);
        for (long step = 0; step <= 200; step++)
        {
            double p = staircase ? Math.Floor(step / (double)steps) : step / (double)steps;
            Approx.Equal(s.GetLearningRate(step), initial / (1 + (rate * p)), because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_values()
    {
        var s = new InverseTimeSchedule(1, 1, 1);
        for (long k = 0; k < 100; k++)
        {
            s.GetLearningRate(k).Should().Be(1.0 / (1 + k));
        }

        var stairs = new InverseTimeSchedule(0.3, 0.5, 10, staircase: true);
        stairs.GetLearningRate(0).Should().Be(0.3);
        stairs.GetLearningRate(9).Should().Be(0.3);
        stairs.GetLearningRate(10).Should().Be(0.3 / 1.5);
        stairs.GetLearningRate(19).Should().Be(0.3 / 1.5);
        stairs.GetLearningRate(20).Should().Be(0.15);
    }

    [Fact]
    public void Far_past_any_horizon_the_value_keeps_falling()
    {
        var s = new InverseTimeSchedule(0.1, 1, 1);
        var flat = new InverseTimeSchedule(0.1, 0, 1);
        var huge = new InverseTimeSchedule(0.1, double.MaxValue, 1);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            Approx.Equal(s.GetLearningRate(step), 0.1 / (1 + (double)step));
            flat.GetLearningRate(step).Should().Be(0.1);
            huge.GetLearningRate(step).Should().Be(0);
        }

        s.GetLearningRate(long.MaxValue).Should().BeLessThan(s.GetLearningRate(ScheduleChecks.TwoTo53));
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new InverseTimeSchedule(0.1, 0.5, 10), 10);
        ScheduleChecks.AssertFiniteNonNegative(new InverseTimeSchedule(double.MaxValue, double.MaxValue, 1, true), 1);
        ScheduleChecks.AssertFiniteNonNegative(new InverseTimeSchedule(double.MaxValue, double.Epsilon, long.MaxValue), long.MaxValue);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new InverseTimeSchedule(0.1, 0.5, 10), 10);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new InverseTimeSchedule(0.1, 0.5, 10, true), 10, 20);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new InverseTimeSchedule(0.1, 0.5, 10), new InverseTimeSchedule(0.1, 0.5, 10, false));
        ScheduleChecks.AssertAllDistinct(
            new InverseTimeSchedule(0.1, 0.5, 10),
            new InverseTimeSchedule(0.2, 0.5, 10),
            new InverseTimeSchedule(0.1, 0.6, 10),
            new InverseTimeSchedule(0.1, 0.5, 11),
            new InverseTimeSchedule(0.1, 0.5, 10, true));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new InverseTimeSchedule(0.1, 0.5, 10, true).ToString()
            .Should().Be("inverse_time(initial_value: 0.1, decay_rate: 0.5, decay_steps: 10, staircase: true)");
    }
}
