using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class PiecewiseInterpolationScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("boundaries null", () => new PiecewiseInterpolationSchedule(null!, [1.0]), "boundaries")
        .Null("values null", () => new PiecewiseInterpolationSchedule([0], null!), "values")
        .Invalid("interpolation undefined 2", () => new PiecewiseInterpolationSchedule([0], [1.0], (Interpolation)2), "interpolation")
        .Invalid("interpolation undefined -1", () => new PiecewiseInterpolationSchedule([0], [1.0], (Interpolation)(-1)), "interpolation")
        .Invalid("boundaries empty", () => new PiecewiseInterpolationSchedule([], []), "boundaries")
        .Invalid("boundaries repeated", () => new PiecewiseInterpolationSchedule([0, 10, 10], [1.0, 0.5, 0.25]), "boundaries")
        .Invalid("boundaries out of order", () => new PiecewiseInterpolationSchedule([0, 20, 10], [1.0, 0.5, 0.25]), "boundaries")
        .Invalid("boundaries gap of 2^63", () => new PiecewiseInterpolationSchedule([long.MinValue, 0], [1.0, 0.5]), "boundaries")
        .Invalid("boundaries gap of long.MaxValue + 1", () => new PiecewiseInterpolationSchedule([-1, long.MaxValue], [1.0, 0.5]), "boundaries")
        .Invalid("boundaries full range", () => new PiecewiseInterpolationSchedule([long.MinValue, long.MaxValue], [1.0, 0.5]), "boundaries")
        .OutOfRange("values NaN", () => new PiecewiseInterpolationSchedule([0, 10], [1.0, double.NaN]), "values")
        .OutOfRange("values +inf", () => new PiecewiseInterpolationSchedule([0, 10], [double.PositiveInfinity, 1.0]), "values")
        .OutOfRange("values -inf", () => new PiecewiseInterpolationSchedule([0, 10], [1.0, double.NegativeInfinity]), "values")
        .OutOfRange("values negative", () => new PiecewiseInterpolationSchedule([0, 10], [1.0, -1.0]), "values")
        .Invalid("values one too few", () => new PiecewiseInterpolationSchedule([0, 10], [1.0]), "values")
        .Invalid("values one too many", () => new PiecewiseInterpolationSchedule([0, 10], [1.0, 0.5, 0.25]), "values")
        .Invalid("values empty", () => new PiecewiseInterpolationSchedule([0], []), "values")
        .StepArguments(() => new PiecewiseInterpolationSchedule([0, 10], [1.0, 0.5]));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    /// <summary>The documented formula, written out.</summary>
    private static double Expected(long[] b, double[] v, Interpolation interpolation, long step)
    {
        if (step < b[0])
        {
            return v[0];
        }

        for (int i = 0; i + 1 < b.Length; i++)
        {
            if (b[i] <= step && step < b[i + 1])
            {
                double pct = (step - b[i]) / (double)(b[i + 1] - b[i]);
                return interpolation == Interpolation.Linear
                    ? (v[i] * (1 - pct)) + (v[i + 1] * pct)
                    : (v[i] * (1 + Math.Cos(Math.PI * pct)) / 2) + (v[i + 1] * (1 - Math.Cos(Math.PI * pct)) / 2);
            }
        }

        return v[^1];
    }

    public static TheoryData<Interpolation, long[], double[]> Curves => new()
    {
        { Interpolation.Linear, [0, 10, 30, 100], [0.0, 1.0, 0.5, 0.01] },
        { Interpolation.Cosine, [0, 10, 30, 100], [0.0, 1.0, 0.5, 0.01] },
        { Interpolation.Linear, [-1, 9, 20], [0.0, 0.1, 0.3] },
        { Interpolation.Cosine, [-1, 9, 20], [0.0, 0.1, 0.3] },
        { Interpolation.Linear, [-50, -10, 7], [0.2, 0.4, 0.0] },
        { Interpolation.Cosine, [-50, -10, 7], [0.2, 0.4, 0.0] },
        { Interpolation.Linear, [5, 6, 40], [0.3, 0.3, 0.9] },
    };

    [Theory]
    [MemberData(nameof(Curves))]
    public void Follows_the_documented_formula(Interpolation interpolation, long[] boundaries, double[] values)
    {
        var s = new PiecewiseInterpolationSchedule(boundaries, values, interpolation);
        double scale = values.Max();
        for (long step = 0; step <= 200; step++)
        {
            Approx.Equal(s.GetLearningRate(step), Expected(boundaries, values, interpolation, step), abs: 1e-15 * scale, because: "at step " + step);
        }
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Knots_are_exact(Interpolation interpolation, long[] boundaries, double[] values)
    {
        var s = new PiecewiseInterpolationSchedule(boundaries, values, interpolation);
        for (int i = 0; i < boundaries.Length; i++)
        {
            if (boundaries[i] >= 0)
            {
                s.GetLearningRate(boundaries[i]).Should().Be(values[i], "at knot {0}", i);
            }
        }

        if (boundaries[0] > 0)
        {
            s.GetLearningRate(0).Should().Be(values[0]);
            s.GetLearningRate(boundaries[0] - 1).Should().Be(values[0]);
        }

        s.GetLearningRate(boundaries[^1] + 1).Should().Be(values[^1]);
    }

    [Fact]
    public void Exact_midpoints()
    {
        long[] b = [0, 10, 30];
        double[] v = [0.0, 1.0, 0.5];
        var linear = new PiecewiseInterpolationSchedule(b, v);
        linear.Interpolation.Should().Be(Interpolation.Linear);
        linear.GetLearningRate(5).Should().Be(0.5);
        linear.GetLearningRate(20).Should().Be(0.75);
        var cosine = new PiecewiseInterpolationSchedule(b, v, Interpolation.Cosine);
        cosine.GetLearningRate(5).Should().Be(0.5);
        cosine.GetLearningRate(20).Should().Be(0.75);
    }

    [Fact]
    public void Negative_knots_start_the_curve_before_step_zero()
    {
        // optax places an implicit knot at step -1.
        var s = new PiecewiseInterpolationSchedule([-1, 9], [0.0, 1.0]);
        Approx.Equal(s.GetLearningRate(0), 0.1);
        Approx.Equal(s.GetLearningRate(4), 0.5);
        s.GetLearningRate(9).Should().Be(1);

        var past = new PiecewiseInterpolationSchedule([-20, -10], [1.0, 2.0], Interpolation.Cosine);
        past.GetLearningRate(0).Should().Be(2);

        var widest = new PiecewiseInterpolationSchedule([long.MinValue, -1], [1.0, 0.25]);
        widest.GetLearningRate(0).Should().Be(0.25);

        var farKnots = new PiecewiseInterpolationSchedule([-1, long.MaxValue - 1], [1.0, 0.0]);
        farKnots.GetLearningRate(0).Should().Be(1); // 1 - 1/2^63 rounds to 1
        farKnots.GetLearningRate(1L << 60).Should().Be(0.875);
        Approx.Equal(farKnots.GetLearningRate((long.MaxValue / 2) - 1), 0.5, rel: 1e-15);
        farKnots.GetLearningRate(long.MaxValue - 1).Should().Be(0);
        farKnots.GetLearningRate(long.MaxValue).Should().Be(0);
    }

    [Fact]
    public void A_single_knot_is_a_constant()
    {
        var s = new PiecewiseInterpolationSchedule([5], [0.3], Interpolation.Cosine);
        s.GetLearningRate(0).Should().Be(0.3);
        s.GetLearningRate(5).Should().Be(0.3);
        s.GetLearningRate(long.MaxValue).Should().Be(0.3);
    }

    [Theory]
    [InlineData(Interpolation.Linear)]
    [InlineData(Interpolation.Cosine)]
    public void Far_past_the_last_knot_the_last_value_holds(Interpolation interpolation)
    {
        var s = new PiecewiseInterpolationSchedule([-1, 10, 100], [0.0, 1.0, 0.0125], interpolation);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.0125);
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Theory]
    [InlineData(Interpolation.Linear)]
    [InlineData(Interpolation.Cosine)]
    public void Values_are_finite_and_non_negative(Interpolation interpolation)
    {
        ScheduleChecks.AssertFiniteNonNegative(new PiecewiseInterpolationSchedule([0, 10, 30, 100], [0.0, 1.0, 0.5, 0.01], interpolation), 0, 10, 30, 100);
        ScheduleChecks.AssertFiniteNonNegative(new PiecewiseInterpolationSchedule([long.MinValue, -1, long.MaxValue - 1], [double.MaxValue, 0, double.MaxValue], interpolation), long.MaxValue - 1);
        ScheduleChecks.AssertFiniteNonNegative(new PiecewiseInterpolationSchedule([0, 1, 2, 3], [double.MaxValue, double.MaxValue, 0, double.MaxValue], interpolation), 1, 2, 3);
    }

    [Theory]
    [InlineData(Interpolation.Linear)]
    [InlineData(Interpolation.Cosine)]
    public void Evaluate_matches_GetLearningRate(Interpolation interpolation)
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new PiecewiseInterpolationSchedule([-1, 10, 30, 100], [0.0, 1.0, 0.5, 0.01], interpolation), 10, 30, 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new PiecewiseInterpolationSchedule([-1, long.MaxValue - 1], [1.0, 0.0], interpolation), long.MaxValue - 1);
    }

    [Fact]
    public void Equality_compares_lists_by_content()
    {
        ScheduleChecks.AssertValueEqual(
            new PiecewiseInterpolationSchedule(new long[] { -1, 10 }, new[] { 0.0, 1.0 }),
            new PiecewiseInterpolationSchedule(new List<long> { -1, 10 }, new List<double> { 0.0, 1.0 }, Interpolation.Linear));
        ScheduleChecks.AssertAllDistinct(
            new PiecewiseInterpolationSchedule([-1, 10], [0.0, 1.0]),
            new PiecewiseInterpolationSchedule([0, 10], [0.0, 1.0]),
            new PiecewiseInterpolationSchedule([-1, 10], [0.0, 0.9]),
            new PiecewiseInterpolationSchedule([-1, 10], [0.0, 1.0], Interpolation.Cosine));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new PiecewiseInterpolationSchedule([-1, 10], [0.0, 1.5], Interpolation.Cosine).ToString()
            .Should().Be("piecewise_interpolation(boundaries: [-1, 10], values: [0, 1.5], interpolation: cosine)");
    }

    [Theory]
    [InlineData(Interpolation.Linear)]
    [InlineData(Interpolation.Cosine)]
    public void Spans_of_a_segment_longer_than_2_pow_53_are_the_scalar_values_bit_for_bit(Interpolation interpolation)
    {
        // Positions in a 2^62-step segment are not exact doubles: the span takes the scalar path element by element (a
        // vector kernel would round the first position and add to it, where the scalar form rounds each step once).
        // From 1 to 0 the value is the weight itself, so a position rounded differently shows; at 2^60 + 250 the distance
        // to the end, 3 2^60 - 250, crosses a rounding point of its 512-step spacing 7 steps in.
        var schedule = new PiecewiseInterpolationSchedule([0, 1L << 62], [1.0, 0.0], interpolation);
        foreach (long first in new[] { (1L << 60) + 250, (1L << 61) - 3, (1L << 62) - 64 })
        {
            var doubles = new double[64];
            schedule.Evaluate(first, doubles);
            for (int i = 0; i < doubles.Length; i++)
            {
                doubles[i].Should().Be(schedule.GetLearningRate(first + i), "step {0}", first + i);
            }
        }
    }
}
