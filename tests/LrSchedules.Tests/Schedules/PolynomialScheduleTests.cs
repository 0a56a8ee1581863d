using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class PolynomialScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new PolynomialSchedule(double.NaN, 0, 10), "initialValue")
        .OutOfRange("initialValue +inf", () => new PolynomialSchedule(double.PositiveInfinity, 0, 10), "initialValue")
        .OutOfRange("initialValue -inf", () => new PolynomialSchedule(double.NegativeInfinity, 0, 10), "initialValue")
        .OutOfRange("initialValue negative", () => new PolynomialSchedule(-1, 0, 10), "initialValue")
        .OutOfRange("finalValue NaN", () => new PolynomialSchedule(1, double.NaN, 10), "finalValue")
        .OutOfRange("finalValue +inf", () => new PolynomialSchedule(1, double.PositiveInfinity, 10), "finalValue")
        .OutOfRange("finalValue -inf", () => new PolynomialSchedule(1, double.NegativeInfinity, 10), "finalValue")
        .OutOfRange("finalValue negative", () => new PolynomialSchedule(1, -0.5, 10), "finalValue")
        .OutOfRange("decaySteps 0", () => new PolynomialSchedule(1, 0, 0), "decaySteps")
        .OutOfRange("decaySteps -1", () => new PolynomialSchedule(1, 0, -1), "decaySteps")
        .OutOfRange("decaySteps long.MinValue", () => new PolynomialSchedule(1, 0, long.MinValue), "decaySteps")
        .OutOfRange("power 0", () => new PolynomialSchedule(1, 0, 10, 0), "power")
        .OutOfRange("power negative", () => new PolynomialSchedule(1, 0, 10, -2), "power")
        .OutOfRange("power NaN", () => new PolynomialSchedule(1, 0, 10, double.NaN), "power")
        .OutOfRange("power +inf", () => new PolynomialSchedule(1, 0, 10, double.PositiveInfinity), "power")
        .OutOfRange("transitionBegin -1", () => new PolynomialSchedule(1, 0, 10, 1, -1), "transitionBegin")
        .OutOfRange("transitionBegin long.MinValue", () => new PolynomialSchedule(1, 0, 10, 1, long.MinValue), "transitionBegin")
        .StepArguments(() => new PolynomialSchedule(1, 0, 10));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    /// <summary>The documented formula, written out (Keras' <c>cycle</c> with <c>ceil</c>).</summary>
    private static double Expected(double initial, double final, long steps, double power, long begin, bool cycle, long step)
    {
        long t = Math.Max(0, step - begin);
        if (!cycle)
        {
            long tc = Math.Min(t, steps);
            return ((initial - final) * Math.Pow((steps - tc) / (double)steps, power)) + final;
        }

        double d = steps * Math.Max(1, Math.Ceiling(t / (double)steps));
        return ((initial - final) * Math.Pow((d - t) / d, power)) + final;
    }

    [Theory]
    [InlineData(1.0, 0.1, 100L, 2.0, 0L, false)]
    [InlineData(0.1, 0.0, 37L, 1.0, 5L, false)]
    [InlineData(0.1, 1e-4, 50L, 0.5, 0L, false)]
    [InlineData(0.0, 0.3, 20L, 3.0, 0L, false)]
    [InlineData(1.0, 0.0, 10L, 1.0, 0L, true)]
    [InlineData(0.5, 0.05, 16L, 2.0, 7L, true)]
    public void Follows_the_documented_formula(double initial, double final, long steps, double power, long begin, bool cycle)
    {
        var s = new PolynomialSchedule(initial, final, steps, power, begin, cycle);
        double abs = (power < 1 ? 1e-13 : 1e-15) * Math.Max(initial, final);
        for (long step = 0; step <= 200; step++)
        {
            Approx.Equal(s.GetLearningRate(step), Expected(initial, final, steps, power, begin, cycle, step), abs: abs, because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_values_on_a_quarter_grid()
    {
        var linear = new PolynomialSchedule(1, 0, 4);
        linear.GetLearningRate(1).Should().Be(0.75);
        linear.GetLearningRate(2).Should().Be(0.5);
        var square = new PolynomialSchedule(1, 0, 4, 2);
        square.GetLearningRate(2).Should().Be(0.25);
        square.GetLearningRate(3).Should().Be(0.0625);
    }

    [Theory]
    [InlineData(0.34, 0.088)]
    [InlineData(0.22, 0.08)]
    [InlineData(0.59, 0.07)]
    [InlineData(0.114, 0.051)]
    [InlineData(0.1, 0.0)]
    [InlineData(0.0, 0.3)]
    public void Boundaries_are_exact(double initial, double final)
    {
        const long T = 100, Begin = 10;
        foreach (double power in new[] { 1.0, 0.5, 2.0 })
        {
            var s = new PolynomialSchedule(initial, final, T, power, Begin);
            s.GetLearningRate(0).Should().Be(initial, "the value up to transitionBegin is InitialValue (power {0})", power);
            s.GetLearningRate(Begin - 1).Should().Be(initial);
            s.GetLearningRate(Begin).Should().Be(initial, "the value at transitionBegin is InitialValue (power {0})", power);
            s.GetLearningRate(Begin + 1).Should().NotBe(initial);
            s.GetLearningRate(Begin + T - 1).Should().NotBe(final);
            s.GetLearningRate(Begin + T).Should().Be(final);
            s.GetLearningRate(Begin + T + 1).Should().Be(final);
        }
    }

    [Fact]
    public void Cycle_restarts_after_each_multiple_of_decay_steps()
    {
        var s = new PolynomialSchedule(1, 0, 10, cycle: true);
        s.GetLearningRate(0).Should().Be(1);
        s.GetLearningRate(9).Should().Be(0.1);
        s.GetLearningRate(10).Should().Be(0);
        s.GetLearningRate(11).Should().Be(0.45); // (20 - 11) / 20
        s.GetLearningRate(15).Should().Be(0.25);
        s.GetLearningRate(20).Should().Be(0);
        Approx.Equal(s.GetLearningRate(21), 0.3); // (30 - 21) / 30
        s.GetLearningRate(30).Should().Be(0);

        var floor = new PolynomialSchedule(0.34, 0.088, 10, 2, 5, cycle: true);
        floor.GetLearningRate(5).Should().Be(0.34);
        floor.GetLearningRate(15).Should().Be(0.088);
        floor.GetLearningRate(25).Should().Be(0.088);
        floor.GetLearningRate(26).Should().BeGreaterThan(0.088);
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        var s = new PolynomialSchedule(0.34, 0.088, 100, 2, 7);
        var cycling = new PolynomialSchedule(0.34, 0.088, 10, 1, 7, cycle: true);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.088);
            double v = cycling.GetLearningRate(step);
            v.Should().BeInRange(0.088, 0.34);
            Approx.Equal(v, Expected(0.34, 0.088, 10, 1, 7, true, step), abs: 1e-16);
            Approx.Equal(v, 0.088, rel: 1e-14);
        }

        // t = long.MaxValue: the next multiple of T exceeds long.MaxValue, the value must still be finite.
        var fromZero = new PolynomialSchedule(1, 0, 10, cycle: true);
        Approx.Equal(fromZero.GetLearningRate(long.MaxValue), 3 / 9223372036854775810.0, rel: 1e-15);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        foreach (bool cycle in new[] { false, true })
        {
            ScheduleChecks.AssertFiniteNonNegative(new PolynomialSchedule(1, 0.1, 100, 2, 0, cycle), 100);
            ScheduleChecks.AssertFiniteNonNegative(new PolynomialSchedule(double.MaxValue, 0, 3, 1e-300, 5, cycle), 5, 8);
            ScheduleChecks.AssertFiniteNonNegative(new PolynomialSchedule(0, double.MaxValue, 7, 1e300, 0, cycle), 7);
            ScheduleChecks.AssertFiniteNonNegative(new PolynomialSchedule(1, 0, long.MaxValue, 1, 0, cycle), long.MaxValue);
            ScheduleChecks.AssertFiniteNonNegative(new PolynomialSchedule(1, 0, 1, 0.5, long.MaxValue, cycle), long.MaxValue);
        }
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new PolynomialSchedule(0.34, 0.088, 100, 2, 7), 7, 107);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new PolynomialSchedule(0.34, 0.088, 10, 1, 7, true), 7, 17, 27, 37);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new PolynomialSchedule(1, 0.1, 100), new PolynomialSchedule(1, 0.1, 100, 1, 0, false));
        ScheduleChecks.AssertAllDistinct(
            new PolynomialSchedule(1, 0.1, 100),
            new PolynomialSchedule(0.9, 0.1, 100),
            new PolynomialSchedule(1, 0.2, 100),
            new PolynomialSchedule(1, 0.1, 101),
            new PolynomialSchedule(1, 0.1, 100, 2),
            new PolynomialSchedule(1, 0.1, 100, 1, 1),
            new PolynomialSchedule(1, 0.1, 100, 1, 0, true));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new PolynomialSchedule(0.1, 0.001, 100, 0.5, 3, true).ToString()
            .Should().Be("polynomial(initial_value: 0.1, final_value: 0.001, decay_steps: 100, power: 0.5, transition_begin: 3, cycle: true)");
    }
}
