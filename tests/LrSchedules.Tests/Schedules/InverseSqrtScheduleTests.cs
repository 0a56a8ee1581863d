using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class InverseSqrtScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new InverseSqrtSchedule(double.NaN, 100), "initialValue")
        .OutOfRange("initialValue +inf", () => new InverseSqrtSchedule(double.PositiveInfinity, 100), "initialValue")
        .OutOfRange("initialValue -inf", () => new InverseSqrtSchedule(double.NegativeInfinity, 100), "initialValue")
        .OutOfRange("initialValue negative", () => new InverseSqrtSchedule(-1, 100), "initialValue")
        .OutOfRange("timescale 0", () => new InverseSqrtSchedule(1, 0), "timescale")
        .OutOfRange("timescale negative", () => new InverseSqrtSchedule(1, -100), "timescale")
        .OutOfRange("timescale NaN", () => new InverseSqrtSchedule(1, double.NaN), "timescale")
        .OutOfRange("timescale +inf", () => new InverseSqrtSchedule(1, double.PositiveInfinity), "timescale")
        .OutOfRange("timescale -inf", () => new InverseSqrtSchedule(1, double.NegativeInfinity, 1), "timescale")
        .OutOfRange("shift 0", () => new InverseSqrtSchedule(1, 100, 0), "shift")
        .OutOfRange("shift negative", () => new InverseSqrtSchedule(1, 100, -1), "shift")
        .OutOfRange("shift NaN", () => new InverseSqrtSchedule(1, 100, double.NaN), "shift")
        .OutOfRange("shift +inf", () => new InverseSqrtSchedule(1, 100, double.PositiveInfinity), "shift")
        .OutOfRange("shift -inf", () => new InverseSqrtSchedule(1, 100, double.NegativeInfinity), "shift")
        .OutOfRange("shift overflows the value at step 0", () => new InverseSqrtSchedule(double.MaxValue, 1, 1e-10), "shift")
        .OutOfRange("shift / timescale underflows to 0", () => new InverseSqrtSchedule(1, 1e300, 1e-300), "shift")
        .OutOfRange("shift / timescale underflows with initialValue 0", () => new InverseSqrtSchedule(0, 1e300, 1e-300), "shift")
        .StepArguments(() => new InverseSqrtSchedule(1, 100));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [InlineData(0.1, 100.0, null)]
    [InlineData(0.1, 100.0, 36.0)]
    [InlineData(1.0, 4000.0, 0.5)]
    [InlineData(0.3, 1.0, 1000.0)]
    [InlineData(0.0, 10.0, null)]
    public void Follows_the_documented_formula(double initial, double timescale, double? shift)
    {
        var s = new InverseSqrtSchedule(initial, timescale, shift);
        double sh = shift ?? timescale;
        s.Shift.Should().Be(sh);
        for (long step = 0; step <= 200; step++)
        {
            Approx.Equal(s.GetLearningRate(step), initial / Math.Sqrt((step + sh) / timescale), because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_values()
    {
        var s = new InverseSqrtSchedule(0.1, 100);
        s.GetLearningRate(0).Should().Be(0.1);
        s.GetLearningRate(300).Should().Be(0.05); // halves after 3 * timescale
        s.GetLearningRate(1500).Should().Be(0.025);

        var shifted = new InverseSqrtSchedule(0.1, 100, 36); // value InitialValue at step timescale - shift
        shifted.GetLearningRate(64).Should().Be(0.1);
        shifted.GetLearningRate(364).Should().Be(0.05);
    }

    [Fact]
    public void Far_past_any_horizon_the_value_keeps_falling()
    {
        var s = new InverseSqrtSchedule(0.1, 100);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            Approx.Equal(s.GetLearningRate(step), 0.1 / Math.Sqrt((step + 100.0) / 100.0));
        }

        s.GetLearningRate(long.MaxValue).Should().BeLessThan(s.GetLearningRate(ScheduleChecks.TwoTo53)).And.BePositive();
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new InverseSqrtSchedule(0.1, 100), 100);
        ScheduleChecks.AssertFiniteNonNegative(new InverseSqrtSchedule(double.MaxValue, 1e-300, double.MaxValue));
        ScheduleChecks.AssertFiniteNonNegative(new InverseSqrtSchedule(1e100, 1e200, 1e-100));
        ScheduleChecks.AssertFiniteNonNegative(new InverseSqrtSchedule(0, 1e-300, 1e300));
        ScheduleChecks.AssertFiniteNonNegative(new InverseSqrtSchedule(1, 1e-300, double.Epsilon));
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        // No phase boundary but step 0 (where the value is exact); the float lanes are within a few ULP elsewhere.
        ScheduleChecks.AssertEvaluateMatchesPointwise(new InverseSqrtSchedule(0.1, 100));
        ScheduleChecks.AssertEvaluateMatchesPointwise(new InverseSqrtSchedule(0.1, 100, 0.25));
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new InverseSqrtSchedule(0.1, 100), new InverseSqrtSchedule(0.1, 100, 100));
        ScheduleChecks.AssertAllDistinct(
            new InverseSqrtSchedule(0.1, 100),
            new InverseSqrtSchedule(0.2, 100),
            new InverseSqrtSchedule(0.1, 101),
            new InverseSqrtSchedule(0.1, 100, 99));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new InverseSqrtSchedule(0.1, 100.5).ToString().Should().Be("inverse_sqrt(initial_value: 0.1, timescale: 100.5, shift: 100.5)");
    }
}
