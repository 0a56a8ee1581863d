using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class LinearScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new LinearSchedule(double.NaN, 0, 10), "initialValue")
        .OutOfRange("initialValue +inf", () => new LinearSchedule(double.PositiveInfinity, 0, 10), "initialValue")
        .OutOfRange("initialValue -inf", () => new LinearSchedule(double.NegativeInfinity, 0, 10), "initialValue")
        .OutOfRange("initialValue negative", () => new LinearSchedule(-0.1, 0, 10), "initialValue")
        .OutOfRange("finalValue NaN", () => new LinearSchedule(1, double.NaN, 10), "finalValue")
        .OutOfRange("finalValue +inf", () => new LinearSchedule(1, double.PositiveInfinity, 10), "finalValue")
        .OutOfRange("finalValue -inf", () => new LinearSchedule(1, double.NegativeInfinity, 10), "finalValue")
        .OutOfRange("finalValue negative", () => new LinearSchedule(1, -1e-9, 10), "finalValue")
        .OutOfRange("transitionSteps 0", () => new LinearSchedule(1, 0, 0), "transitionSteps")
        .OutOfRange("transitionSteps -1", () => new LinearSchedule(1, 0, -1), "transitionSteps")
        .OutOfRange("transitionSteps long.MinValue", () => new LinearSchedule(1, 0, long.MinValue), "transitionSteps")
        .OutOfRange("transitionBegin -1", () => new LinearSchedule(1, 0, 10, -1), "transitionBegin")
        .OutOfRange("transitionBegin long.MinValue", () => new LinearSchedule(1, 0, 10, long.MinValue), "transitionBegin")
        .StepArguments(() => new LinearSchedule(1, 0, 10));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    /// <summary>The documented formula, written out.</summary>
    private static double Expected(double initial, double final, long steps, long begin, long step)
    {
        long t = step - begin;
        if (t <= 0)
        {
            return initial;
        }

        if (t >= steps)
        {
            return final;
        }

        return (initial * ((steps - t) / (double)steps)) + (final * (t / (double)steps));
    }

    [Theory]
    [InlineData(1.0, 0.0, 100L, 0L)]
    [InlineData(0.1, 1e-5, 1000L, 20L)]
    [InlineData(0.0, 0.3, 7L, 5L)]
    [InlineData(3e-4, 3e-4, 50L, 0L)]
    public void Follows_the_documented_formula(double initial, double final, long steps, long begin)
    {
        var s = new LinearSchedule(initial, final, steps, begin);
        for (long step = 0; step <= begin + steps + 3; step++)
        {
            Approx.Equal(s.GetLearningRate(step), Expected(initial, final, steps, begin, step), abs: 1e-16 * Math.Max(initial, final), because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_values_on_a_quarter_grid()
    {
        var down = new LinearSchedule(1, 0, 4);
        down.GetLearningRate(0).Should().Be(1);
        down.GetLearningRate(1).Should().Be(0.75);
        down.GetLearningRate(2).Should().Be(0.5);
        down.GetLearningRate(3).Should().Be(0.25);
        down.GetLearningRate(4).Should().Be(0);

        var up = new LinearSchedule(0, 2, 8, transitionBegin: 3);
        up.GetLearningRate(3).Should().Be(0);
        up.GetLearningRate(5).Should().Be(0.5);
        up.GetLearningRate(7).Should().Be(1);
        up.GetLearningRate(11).Should().Be(2);
    }

    [Theory]
    [InlineData(0.34, 0.088)]
    [InlineData(0.1, 1e-5)]
    [InlineData(0.0, 0.7)]
    [InlineData(0.7, 0.1)]
    public void Boundaries_are_exact(double initial, double final)
    {
        const long Begin = 10, Steps = 50;
        var s = new LinearSchedule(initial, final, Steps, Begin);
        s.GetLearningRate(0).Should().Be(initial);
        s.GetLearningRate(Begin - 1).Should().Be(initial);
        s.GetLearningRate(Begin).Should().Be(initial);
        s.GetLearningRate(Begin + 1).Should().NotBe(initial);
        s.GetLearningRate(Begin + Steps - 1).Should().NotBe(final);
        s.GetLearningRate(Begin + Steps).Should().Be(final);
        s.GetLearningRate(Begin + Steps + 1).Should().Be(final);
    }

    [Fact]
    public void Far_past_the_horizon_the_value_is_exactly_final()
    {
        var s = new LinearSchedule(0.34, 0.088, 100, 7);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.088);
        }
    }

    [Fact]
    public void Extreme_lengths_and_begins()
    {
        var longest = new LinearSchedule(1, 0, long.MaxValue);
        longest.GetLearningRate(0).Should().Be(1);
        longest.GetLearningRate(long.MaxValue).Should().Be(0);
        Approx.Equal(longest.GetLearningRate(long.MaxValue / 2), 0.5, rel: 1e-15);
        longest.GetLearningRate(long.MaxValue - 1).Should().BeInRange(0, 1e-15);

        var never = new LinearSchedule(1, 0, 10, long.MaxValue);
        never.GetLearningRate(long.MaxValue).Should().Be(1);

        var late = new LinearSchedule(1, 0, 10, long.MaxValue - 10);
        late.GetLearningRate(long.MaxValue - 10).Should().Be(1);
        late.GetLearningRate(long.MaxValue - 5).Should().Be(0.5);
        late.GetLearningRate(long.MaxValue).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new LinearSchedule(1, 0, 100), 100);
        ScheduleChecks.AssertFiniteNonNegative(new LinearSchedule(0, double.MaxValue, 100, 50), 50, 150);
        ScheduleChecks.AssertFiniteNonNegative(new LinearSchedule(double.MaxValue, double.MaxValue, 3), 3);
        ScheduleChecks.AssertFiniteNonNegative(new LinearSchedule(1e-300, 0, long.MaxValue), long.MaxValue);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new LinearSchedule(0.34, 0.088, 100, 7), 7, 107);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new LinearSchedule(0, 1, 1), 0, 1);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new LinearSchedule(1, 0, 40, long.MaxValue - 40), long.MaxValue - 40, long.MaxValue);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new LinearSchedule(1, 0.5, 10, 2), new LinearSchedule(1, 0.5, 10, 2));
        ScheduleChecks.AssertValueEqual(new LinearSchedule(1, 0.5, 10), new LinearSchedule(1, 0.5, 10, 0));
        ScheduleChecks.AssertAllDistinct(
            new LinearSchedule(1, 0.5, 10, 2),
            new LinearSchedule(0.9, 0.5, 10, 2),
            new LinearSchedule(1, 0.4, 10, 2),
            new LinearSchedule(1, 0.5, 11, 2),
            new LinearSchedule(1, 0.5, 10, 3));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        var s = new LinearSchedule(0.1, 0.25, 100, 5);
        s.ToString().Should().Be("linear(initial_value: 0.1, final_value: 0.25, transition_steps: 100, transition_begin: 5)");
    }
}
