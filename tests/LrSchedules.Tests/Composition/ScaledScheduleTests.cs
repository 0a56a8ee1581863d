using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

public class ScaledScheduleTests
{
    private static readonly CosineSchedule Decay = new(0.34, 100, 0.088);

    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("schedule null", () => new ScaledSchedule(null!, 2), "schedule")
        .OutOfRange("factor NaN", () => new ScaledSchedule(Decay, double.NaN), "factor")
        .OutOfRange("factor +inf", () => new ScaledSchedule(Decay, double.PositiveInfinity), "factor")
        .OutOfRange("factor -inf", () => new ScaledSchedule(Decay, double.NegativeInfinity), "factor")
        .OutOfRange("factor negative", () => new ScaledSchedule(Decay, -1), "factor")
        .OutOfRange("factor overflows the value at step 0", () => new ScaledSchedule(new ConstantSchedule(1e300), 1e10), "factor")
        .StepArguments(() => new ScaledSchedule(Decay, 2));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(0.1)]
    [InlineData(0.0)]
    public void Multiplies_the_schedule_by_the_factor(double factor)
    {
        var s = new ScaledSchedule(Decay, factor);
        foreach (long step in ScheduleChecks.SweepSteps(100))
        {
            s.GetLearningRate(step).Should().Be(factor * Decay.GetLearningRate(step), "at step {0}", step);
        }
    }

    [Fact]
    public void Boundaries_of_the_wrapped_schedule_are_kept()
    {
        var s = new ScaledSchedule(new PiecewiseConstantSchedule([10], [1.0, 0.5]), 0.25);
        s.GetLearningRate(0).Should().Be(0.25);
        s.GetLearningRate(9).Should().Be(0.25);
        s.GetLearningRate(10).Should().Be(0.125);
    }

    [Fact]
    public void Overflowing_products_saturate_at_double_MaxValue()
    {
        var s = new ScaledSchedule(new LinearSchedule(1, 1e308, 10), 1e10);
        s.GetLearningRate(0).Should().Be(1e10);
        s.GetLearningRate(10).Should().Be(double.MaxValue);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(double.MaxValue);
        }
    }

    [Fact]
    public void Far_past_the_horizon_the_scaled_limit_holds()
    {
        var s = new ScaledSchedule(Decay, 2);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.176);
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new ScaledSchedule(Decay, 3), 100);
        ScheduleChecks.AssertFiniteNonNegative(new ScaledSchedule(new LinearSchedule(1, double.MaxValue, 100), double.MaxValue), 100);
        ScheduleChecks.AssertFiniteNonNegative(new ScaledSchedule(new CustomSchedule(), 0), 0);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ScaledSchedule(Decay, 3), 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ScaledSchedule(new LinearSchedule(1, 1e308, 10), 1e10), 10);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ScaledSchedule(new CustomSchedule(), 0.5), 0);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new ScaledSchedule(new CosineSchedule(0.1, 100), 2), new ScaledSchedule(new CosineSchedule(0.1, 100), 2));
        ScheduleChecks.AssertAllDistinct(
            new ScaledSchedule(new CosineSchedule(0.1, 100), 2),
            new ScaledSchedule(new CosineSchedule(0.1, 100), 3),
            new ScaledSchedule(new CosineSchedule(0.2, 100), 2));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new ScaledSchedule(new ConstantSchedule(0.5), 1.5).ToString().Should().Be("scale(factor: 1.5, schedule: constant(value: 0.5))");
    }

    [Fact]
    public void ToString_does_not_throw_for_a_custom_wrapped_schedule()
    {
        new ScaledSchedule(new CustomSchedule(), 2).Invoking(x => x.ToString()).Should().NotThrow();
    }
}
