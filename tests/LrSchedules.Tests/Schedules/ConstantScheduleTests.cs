using FluentAssertions;
using Xunit;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;

namespace LrSchedules.Tests.Schedules;

public class ConstantScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("value NaN", () => new ConstantSchedule(double.NaN), "value")
        .OutOfRange("value +inf", () => new ConstantSchedule(double.PositiveInfinity), "value")
        .OutOfRange("value -inf", () => new ConstantSchedule(double.NegativeInfinity), "value")
        .OutOfRange("value -1", () => new ConstantSchedule(-1), "value")
        .OutOfRange("value -epsilon", () => new ConstantSchedule(-double.Epsilon), "value")
        .StepArguments(() => new ConstantSchedule(0.1));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(3e-4)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    public void Value_is_the_same_at_every_step(double value)
    {
        var s = new ConstantSchedule(value);
        s.Value.Should().Be(value);
        foreach (long step in new long[] { 0, 1, 2, 99, 100, 12345 })
        {
            s.GetLearningRate(step).Should().Be(value);
        }
    }

    [Fact]
    public void Far_past_any_horizon_the_value_is_unchanged()
    {
        var s = new ConstantSchedule(0.25);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.25);
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        foreach (double v in new[] { 0.0, 1e-8, 0.1, 1e300, double.MaxValue })
        {
            ScheduleChecks.AssertFiniteNonNegative(new ConstantSchedule(v));
        }
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ConstantSchedule(0.1), 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ConstantSchedule(1e-40), 100); // underflows to 0 in float
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ConstantSchedule(double.MaxValue), 100); // saturates to float.MaxValue in float
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new ConstantSchedule(0.1), new ConstantSchedule(0.1));
        ScheduleChecks.AssertAllDistinct(new ConstantSchedule(0.1), new ConstantSchedule(0.2), new ConstantSchedule(0));
        new ConstantSchedule(0.1).Should().NotBe(new LinearSchedule(0.1, 0.1, 1));
        ScheduleChecks.AssertValueEqual(new ConstantSchedule(-0.0), new ConstantSchedule(0.0)); // -0 passes the >= 0 check
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        (1.5).ToString(System.Globalization.CultureInfo.CurrentCulture).Should().Be("1,5");
        new ConstantSchedule(0.1).ToString().Should().Be("constant(value: 0.1)");
        new ConstantSchedule(1e-20).ToString().Should().Be("constant(value: 1E-20)");
    }
}
