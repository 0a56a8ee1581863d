using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class MultiStepScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new MultiStepSchedule(double.NaN, [10], 0.5), "initialValue")
        .OutOfRange("initialValue +inf", () => new MultiStepSchedule(double.PositiveInfinity, [10], 0.5), "initialValue")
        .OutOfRange("initialValue -inf", () => new MultiStepSchedule(double.NegativeInfinity, [10], 0.5), "initialValue")
        .OutOfRange("initialValue negative", () => new MultiStepSchedule(-1, [10], 0.5), "initialValue")
        .Null("milestones null", () => new MultiStepSchedule(1, null!, 0.5), "milestones")
        .OutOfRange("milestones negative", () => new MultiStepSchedule(1, [-1, 10], 0.5), "milestones")
        .OutOfRange("milestones long.MinValue", () => new MultiStepSchedule(1, [long.MinValue], 0.5), "milestones")
        .Invalid("milestones out of order", () => new MultiStepSchedule(1, [10, 30, 20], 0.5), "milestones")
        .Invalid("milestones decreasing by one", () => new MultiStepSchedule(1, [5, 4], 0.5), "milestones")
        .OutOfRange("gamma NaN", () => new MultiStepSchedule(1, [10], double.NaN), "gamma")
        .OutOfRange("gamma +inf", () => new MultiStepSchedule(1, [10], double.PositiveInfinity), "gamma")
        .OutOfRange("gamma -inf", () => new MultiStepSchedule(1, [10], double.NegativeInfinity), "gamma")
        .OutOfRange("gamma negative", () => new MultiStepSchedule(1, [10], -0.1), "gamma")
        .OutOfRange("gamma overflows the last value", () => new MultiStepSchedule(1, Enumerable.Repeat(1L, 400), 10), "gamma")
        .OutOfRange("gamma overflows a large initial value", () => new MultiStepSchedule(1e300, [1, 2], 1e5), "gamma")
        .StepArguments(() => new MultiStepSchedule(1, [10], 0.5));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Fact]
    public void Follows_the_documented_formula()
    {
        long[] milestones = [30, 60, 90];
        var s = new MultiStepSchedule(0.1, milestones, 0.1);
        for (long step = 0; step <= 200; step++)
        {
            int k = milestones.Count(m => m <= step);
            Approx.Equal(s.GetLearningRate(step), 0.1 * Math.Pow(0.1, k), because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_powers_of_one_half_and_repeated_milestones_compound()
    {
        var s = new MultiStepSchedule(0.5, [5, 10, 10, 15], 0.5);
        s.GetLearningRate(0).Should().Be(0.5);
        s.GetLearningRate(4).Should().Be(0.5);
        s.GetLearningRate(5).Should().Be(0.25);
        s.GetLearningRate(9).Should().Be(0.25);
        s.GetLearningRate(10).Should().Be(0.0625);
        s.GetLearningRate(14).Should().Be(0.0625);
        s.GetLearningRate(15).Should().Be(0.03125);
        s.GetLearningRate(16).Should().Be(0.03125);
    }

    [Fact]
    public void Boundaries_are_exact()
    {
        var atZero = new MultiStepSchedule(0.8, [0, 3], 0.5);
        atZero.GetLearningRate(0).Should().Be(0.4);
        atZero.GetLearningRate(2).Should().Be(0.4);
        atZero.GetLearningRate(3).Should().Be(0.2);

        var empty = new MultiStepSchedule(0.8, [], 0.5);
        empty.GetLearningRate(0).Should().Be(0.8);
        empty.GetLearningRate(long.MaxValue).Should().Be(0.8);

        var last = new MultiStepSchedule(0.8, [long.MaxValue], 0.5);
        last.GetLearningRate(long.MaxValue - 1).Should().Be(0.8);
        last.GetLearningRate(long.MaxValue).Should().Be(0.4);

        var growing = new MultiStepSchedule(0.25, [2, 4], 2);
        growing.GetLearningRate(1).Should().Be(0.25);
        growing.GetLearningRate(2).Should().Be(0.5);
        growing.GetLearningRate(4).Should().Be(1);
    }

    [Fact]
    public void Far_past_the_last_milestone_the_last_value_holds()
    {
        var s = new MultiStepSchedule(0.8, [30, 60, 90], 0.5);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.1);
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new MultiStepSchedule(0.1, [30, 60, 90], 0.1), 30, 60, 90);
        ScheduleChecks.AssertFiniteNonNegative(new MultiStepSchedule(1, Enumerable.Repeat(5L, 300), 10), 5);
        ScheduleChecks.AssertFiniteNonNegative(new MultiStepSchedule(double.MaxValue, [0, 1, 2, long.MaxValue], 0), 0, 1, 2, long.MaxValue);
        ScheduleChecks.AssertFiniteNonNegative(new MultiStepSchedule(1, [1L << 31, 1L << 53, long.MaxValue], 1e-300), 1L << 31, 1L << 53, long.MaxValue);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new MultiStepSchedule(0.1, [30, 60, 60, 90], 0.1), 30, 60, 90);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new MultiStepSchedule(0.1, [0, 1, 2, long.MaxValue - 1, long.MaxValue], 0.5), 0, long.MaxValue);
    }

    [Fact]
    public void Equality_compares_milestones_by_content()
    {
        long[] a = [30, 60, 90];
        long[] b = [30, 60, 90];
        ScheduleChecks.AssertValueEqual(new MultiStepSchedule(0.1, a, 0.1), new MultiStepSchedule(0.1, b, 0.1));
        ScheduleChecks.AssertValueEqual(new MultiStepSchedule(0.1, a, 0.1), new MultiStepSchedule(0.1, new List<long> { 30, 60, 90 }, 0.1));
        ScheduleChecks.AssertAllDistinct(
            new MultiStepSchedule(0.1, [30, 60, 90], 0.1),
            new MultiStepSchedule(0.2, [30, 60, 90], 0.1),
            new MultiStepSchedule(0.1, [30, 60], 0.1),
            new MultiStepSchedule(0.1, [30, 60, 91], 0.1),
            new MultiStepSchedule(0.1, [30, 60, 90, 90], 0.1),
            new MultiStepSchedule(0.1, [30, 60, 90], 0.2));
    }

    [Fact]
    public void The_milestones_are_copied()
    {
        long[] milestones = [30, 60, 90];
        var s = new MultiStepSchedule(0.8, milestones, 0.5);
        milestones[0] = 1;
        s.Milestones.Should().Equal(30, 60, 90);
        s.GetLearningRate(1).Should().Be(0.8);
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new MultiStepSchedule(0.1, [30, 60, 90], 0.5).ToString().Should().Be("multi_step(initial_value: 0.1, milestones: [30, 60, 90], gamma: 0.5)");
    }
}
