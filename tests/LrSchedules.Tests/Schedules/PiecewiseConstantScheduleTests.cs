using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class PiecewiseConstantScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("boundaries null", () => new PiecewiseConstantSchedule(null!, [1.0]), "boundaries")
        .Null("values null", () => new PiecewiseConstantSchedule([], null!), "values")
        .Invalid("boundaryMode undefined 2", () => new PiecewiseConstantSchedule([10], [1.0, 0.5], (BoundaryMode)2), "boundaryMode")
        .Invalid("boundaryMode undefined -1", () => new PiecewiseConstantSchedule([10], [1.0, 0.5], (BoundaryMode)(-1)), "boundaryMode")
        .OutOfRange("boundaries negative", () => new PiecewiseConstantSchedule([-1, 10], [1.0, 0.5, 0.25]), "boundaries")
        .OutOfRange("boundaries long.MinValue", () => new PiecewiseConstantSchedule([long.MinValue], [1.0, 0.5]), "boundaries")
        .Invalid("boundaries repeated", () => new PiecewiseConstantSchedule([10, 10], [1.0, 0.5, 0.25]), "boundaries")
        .Invalid("boundaries out of order", () => new PiecewiseConstantSchedule([10, 30, 20], [1.0, 0.5, 0.25, 0.1]), "boundaries")
        .OutOfRange("values NaN", () => new PiecewiseConstantSchedule([10], [1.0, double.NaN]), "values")
        .OutOfRange("values +inf", () => new PiecewiseConstantSchedule([10], [double.PositiveInfinity, 1.0]), "values")
        .OutOfRange("values -inf", () => new PiecewiseConstantSchedule([10], [1.0, double.NegativeInfinity]), "values")
        .OutOfRange("values negative", () => new PiecewiseConstantSchedule([10], [1.0, -0.5]), "values")
        .Invalid("values one too few", () => new PiecewiseConstantSchedule([10, 20], [1.0, 0.5]), "values")
        .Invalid("values one too many", () => new PiecewiseConstantSchedule([10], [1.0, 0.5, 0.25]), "values")
        .Invalid("values empty with no boundaries", () => new PiecewiseConstantSchedule([], []), "values")
        .Invalid("values two with no boundaries", () => new PiecewiseConstantSchedule([], [1.0, 0.5]), "values")
        .StepArguments(() => new PiecewiseConstantSchedule([10], [1.0, 0.5]));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    private static readonly long[] Boundaries = [10, 20, 30];
    private static readonly double[] Values = [1.0, 0.5, 0.25, 0.125];

    [Theory]
    [InlineData(BoundaryMode.SwitchAt)]
    [InlineData(BoundaryMode.SwitchAfter)]
    public void Follows_the_documented_formula(BoundaryMode mode)
    {
        var s = new PiecewiseConstantSchedule(Boundaries, Values, mode);
        for (long step = 0; step <= 200; step++)
        {
            int k = mode == BoundaryMode.SwitchAt ? Boundaries.Count(b => b <= step) : Boundaries.Count(b => b < step);
            s.GetLearningRate(step).Should().Be(Values[k], "at step {0}", step);
        }
    }

    [Fact]
    public void SwitchAt_takes_the_new_value_at_the_boundary()
    {
        var s = new PiecewiseConstantSchedule(Boundaries, Values);
        s.BoundaryMode.Should().Be(BoundaryMode.SwitchAt);
        s.GetLearningRate(0).Should().Be(1);
        s.GetLearningRate(9).Should().Be(1);
        s.GetLearningRate(10).Should().Be(0.5);
        s.GetLearningRate(19).Should().Be(0.5);
        s.GetLearningRate(20).Should().Be(0.25);
        s.GetLearningRate(29).Should().Be(0.25);
        s.GetLearningRate(30).Should().Be(0.125);
    }

    [Fact]
    public void SwitchAfter_keeps_the_old_value_at_the_boundary()
    {
        var s = new PiecewiseConstantSchedule(Boundaries, Values, BoundaryMode.SwitchAfter);
        s.GetLearningRate(0).Should().Be(1);
        s.GetLearningRate(10).Should().Be(1);
        s.GetLearningRate(11).Should().Be(0.5);
        s.GetLearningRate(20).Should().Be(0.5);
        s.GetLearningRate(21).Should().Be(0.25);
        s.GetLearningRate(30).Should().Be(0.25);
        s.GetLearningRate(31).Should().Be(0.125);
    }

    [Fact]
    public void Boundaries_at_the_ends_of_the_step_range()
    {
        var at = new PiecewiseConstantSchedule([0, long.MaxValue], [1.0, 0.5, 0.25]);
        at.GetLearningRate(0).Should().Be(0.5);
        at.GetLearningRate(long.MaxValue - 1).Should().Be(0.5);
        at.GetLearningRate(long.MaxValue).Should().Be(0.25);

        var after = new PiecewiseConstantSchedule([0, long.MaxValue], [1.0, 0.5, 0.25], BoundaryMode.SwitchAfter);
        after.GetLearningRate(0).Should().Be(1);
        after.GetLearningRate(1).Should().Be(0.5);
        after.GetLearningRate(long.MaxValue).Should().Be(0.5); // no step is after long.MaxValue

        var constant = new PiecewiseConstantSchedule([], [0.3]);
        constant.GetLearningRate(0).Should().Be(0.3);
        constant.GetLearningRate(long.MaxValue).Should().Be(0.3);
    }

    [Theory]
    [InlineData(BoundaryMode.SwitchAt)]
    [InlineData(BoundaryMode.SwitchAfter)]
    public void Far_past_the_last_boundary_the_last_value_holds(BoundaryMode mode)
    {
        var s = new PiecewiseConstantSchedule(Boundaries, Values, mode);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.125);
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Theory]
    [InlineData(BoundaryMode.SwitchAt)]
    [InlineData(BoundaryMode.SwitchAfter)]
    public void Values_are_finite_and_non_negative(BoundaryMode mode)
    {
        ScheduleChecks.AssertFiniteNonNegative(new PiecewiseConstantSchedule(Boundaries, Values, mode), Boundaries);
        ScheduleChecks.AssertFiniteNonNegative(new PiecewiseConstantSchedule([0, 1L << 53, long.MaxValue], [0, double.MaxValue, 0, 1], mode), 0, 1L << 53, long.MaxValue);
    }

    [Theory]
    [InlineData(BoundaryMode.SwitchAt)]
    [InlineData(BoundaryMode.SwitchAfter)]
    public void Evaluate_matches_GetLearningRate(BoundaryMode mode)
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new PiecewiseConstantSchedule(Boundaries, Values, mode), Boundaries);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new PiecewiseConstantSchedule([0, long.MaxValue - 1], [1.0, 0.5, 0.25], mode), 0, long.MaxValue - 1);
    }

    [Fact]
    public void Equality_compares_lists_by_content()
    {
        ScheduleChecks.AssertValueEqual(
            new PiecewiseConstantSchedule(new long[] { 10, 20 }, new[] { 1.0, 0.5, 0.25 }),
            new PiecewiseConstantSchedule(new List<long> { 10, 20 }, new List<double> { 1.0, 0.5, 0.25 }, BoundaryMode.SwitchAt));
        ScheduleChecks.AssertAllDistinct(
            new PiecewiseConstantSchedule([10, 20], [1.0, 0.5, 0.25]),
            new PiecewiseConstantSchedule([10, 21], [1.0, 0.5, 0.25]),
            new PiecewiseConstantSchedule([10, 20], [1.0, 0.5, 0.2]),
            new PiecewiseConstantSchedule([10, 20], [1.0, 0.5, 0.25], BoundaryMode.SwitchAfter));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new PiecewiseConstantSchedule([10, 20], [1.5, 0.5, 0.25]).ToString()
            .Should().Be("piecewise_constant(boundaries: [10, 20], values: [1.5, 0.5, 0.25], boundary_mode: switch_at)");
        new PiecewiseConstantSchedule([10], [1.5, 0.5], BoundaryMode.SwitchAfter).ToString()
            .Should().Be("piecewise_constant(boundaries: [10], values: [1.5, 0.5], boundary_mode: switch_after)");
    }
}
