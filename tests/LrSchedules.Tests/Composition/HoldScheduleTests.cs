using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

public class HoldScheduleTests
{
    private static readonly CosineSchedule Decay = new(0.34, 100, 0.088);

    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("schedule null", () => new HoldSchedule(null!, 10), "schedule")
        .OutOfRange("holdSteps -1", () => new HoldSchedule(Decay, -1), "holdSteps")
        .OutOfRange("holdSteps long.MinValue", () => new HoldSchedule(Decay, long.MinValue), "holdSteps")
        .StepArguments(() => new HoldSchedule(Decay, 10));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Fact]
    public void Holds_the_first_value_then_runs_the_schedule_on_its_own_clock()
    {
        var s = new HoldSchedule(Decay, 10);
        s.HeldValue.Should().Be(0.34);
        for (long step = 0; step <= 200; step++)
        {
            s.GetLearningRate(step).Should().Be(step < 10 ? 0.34 : Decay.GetLearningRate(step - 10), "at step {0}", step);
        }
    }

    [Fact]
    public void Boundaries_are_exact()
    {
        var s = new HoldSchedule(new CustomSchedule(1), 10);
        s.GetLearningRate(0).Should().Be(1);
        s.GetLearningRate(9).Should().Be(1);
        s.GetLearningRate(10).Should().Be(1);
        s.GetLearningRate(11).Should().Be(0.5);
        s.GetLearningRate(13).Should().Be(0.25);

        var none = new HoldSchedule(Decay, 0);
        foreach (long step in ScheduleChecks.SweepSteps(100))
        {
            none.GetLearningRate(step).Should().Be(Decay.GetLearningRate(step));
        }

        var forever = new HoldSchedule(Decay, long.MaxValue);
        forever.GetLearningRate(long.MaxValue - 1).Should().Be(0.34);
        forever.GetLearningRate(long.MaxValue).Should().Be(0.34); // Schedule(0)
    }

    [Fact]
    public void Far_past_the_hold_the_wrapped_schedule_rules()
    {
        var s = new HoldSchedule(new InverseSqrtSchedule(0.1, 100), 1000);
        var decay = new HoldSchedule(Decay, 1000);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(new InverseSqrtSchedule(0.1, 100).GetLearningRate(step - 1000));
            decay.GetLearningRate(step).Should().Be(0.088);
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new HoldSchedule(Decay, 10), 10, 110);
        ScheduleChecks.AssertFiniteNonNegative(new HoldSchedule(new ConstantSchedule(double.MaxValue), 1L << 53), 1L << 53);
        ScheduleChecks.AssertFiniteNonNegative(new HoldSchedule(new WarmupSchedule(Decay, 5), long.MaxValue - 3), long.MaxValue - 3);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new HoldSchedule(Decay, 10), 10, 110);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new HoldSchedule(new CustomSchedule(), 40), 40);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new HoldSchedule(Decay, long.MaxValue - 20), long.MaxValue - 20);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new HoldSchedule(new CosineSchedule(0.1, 100), 10), new HoldSchedule(new CosineSchedule(0.1, 100), 10));
        ScheduleChecks.AssertAllDistinct(
            new HoldSchedule(new CosineSchedule(0.1, 100), 10),
            new HoldSchedule(new CosineSchedule(0.1, 100), 11),
            new HoldSchedule(new CosineSchedule(0.1, 101), 10));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new HoldSchedule(new ConstantSchedule(0.5), 10).ToString().Should().Be("hold(hold_steps: 10, schedule: constant(value: 0.5))");
    }

    [Fact]
    public void ToString_does_not_throw_for_a_custom_wrapped_schedule()
    {
        new HoldSchedule(new CustomSchedule(), 10).Invoking(x => x.ToString()).Should().NotThrow();
    }
}
