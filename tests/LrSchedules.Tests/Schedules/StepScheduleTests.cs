using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class StepScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new StepSchedule(double.NaN, 10, 0.5), "initialValue")
        .OutOfRange("initialValue +inf", () => new StepSchedule(double.PositiveInfinity, 10, 0.5), "initialValue")
        .OutOfRange("initialValue -inf", () => new StepSchedule(double.NegativeInfinity, 10, 0.5), "initialValue")
        .OutOfRange("initialValue negative", () => new StepSchedule(-0.1, 10, 0.5), "initialValue")
        .OutOfRange("stepSize 0", () => new StepSchedule(1, 0, 0.5), "stepSize")
        .OutOfRange("stepSize -1", () => new StepSchedule(1, -1, 0.5), "stepSize")
        .OutOfRange("stepSize long.MinValue", () => new StepSchedule(1, long.MinValue, 0.5), "stepSize")
        .OutOfRange("gamma NaN", () => new StepSchedule(1, 10, double.NaN), "gamma")
        .OutOfRange("gamma +inf", () => new StepSchedule(1, 10, double.PositiveInfinity), "gamma")
        .OutOfRange("gamma -inf", () => new StepSchedule(1, 10, double.NegativeInfinity), "gamma")
        .OutOfRange("gamma negative", () => new StepSchedule(1, 10, -0.5), "gamma")
        .OutOfRange("gamma above 1", () => new StepSchedule(1, 10, 1.0000000000000002), "gamma")
        .OutOfRange("gamma 2", () => new StepSchedule(1, 10, 2), "gamma")
        .StepArguments(() => new StepSchedule(1, 10, 0.5));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [InlineData(0.1, 3L, 0.9)]
    [InlineData(1.0, 1L, 0.1)]
    [InlineData(0.05, 30L, 0.33)]
    public void Follows_the_documented_formula(double initial, long size, double gamma)
    {
        var s = new StepSchedule(initial, size, gamma);
        for (long step = 0; step <= 200; step++)
        {
            Approx.Equal(s.GetLearningRate(step), initial * Math.Pow(gamma, Math.Floor(step / (double)size)), because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_powers_of_one_half()
    {
        var s = new StepSchedule(0.1, 3, 0.5);
        for (long step = 0; step < 300; step++)
        {
            s.GetLearningRate(step).Should().Be(Math.ScaleB(0.1, -(int)(step / 3)));
        }
    }

    [Fact]
    public void Boundaries_are_exact()
    {
        var s = new StepSchedule(0.8, 30, 0.5);
        s.GetLearningRate(0).Should().Be(0.8);
        s.GetLearningRate(29).Should().Be(0.8);
        s.GetLearningRate(30).Should().Be(0.4);
        s.GetLearningRate(59).Should().Be(0.4);
        s.GetLearningRate(60).Should().Be(0.2);

        var zero = new StepSchedule(0.8, 30, 0);
        zero.GetLearningRate(29).Should().Be(0.8);
        zero.GetLearningRate(30).Should().Be(0);

        var longest = new StepSchedule(0.8, long.MaxValue, 0.5);
        longest.GetLearningRate(long.MaxValue - 1).Should().Be(0.8);
        longest.GetLearningRate(long.MaxValue).Should().Be(0.4);
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        var decaying = new StepSchedule(0.1, 10, 0.5);
        var flat = new StepSchedule(0.1, 10, 1);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            decaying.GetLearningRate(step).Should().Be(0);
            flat.GetLearningRate(step).Should().Be(0.1);
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new StepSchedule(0.1, 3, 0.5), 3, 6);
        ScheduleChecks.AssertFiniteNonNegative(new StepSchedule(double.MaxValue, 1, 1), 1);
        ScheduleChecks.AssertFiniteNonNegative(new StepSchedule(double.MaxValue, 1, double.Epsilon), 1);
        ScheduleChecks.AssertFiniteNonNegative(new StepSchedule(1, long.MaxValue, 0), long.MaxValue);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new StepSchedule(0.1, 30, 0.9), 30, 60);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new StepSchedule(0.1, 1, 0.5), 1);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new StepSchedule(0.1, 30, 0.1), new StepSchedule(0.1, 30, 0.1));
        ScheduleChecks.AssertAllDistinct(new StepSchedule(0.1, 30, 0.1), new StepSchedule(0.2, 30, 0.1), new StepSchedule(0.1, 31, 0.1), new StepSchedule(0.1, 30, 0.2));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new StepSchedule(0.1, 30, 0.5).ToString().Should().Be("step(initial_value: 0.1, step_size: 30, gamma: 0.5)");
    }
}
