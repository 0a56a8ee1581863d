using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class CosineScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("initialValue NaN", () => new CosineSchedule(double.NaN, 10), "initialValue")
        .OutOfRange("initialValue +inf", () => new CosineSchedule(double.PositiveInfinity, 10), "initialValue")
        .OutOfRange("initialValue -inf", () => new CosineSchedule(double.NegativeInfinity, 10), "initialValue")
        .OutOfRange("initialValue negative", () => new CosineSchedule(-1, 10), "initialValue")
        .OutOfRange("decaySteps 0", () => new CosineSchedule(1, 0), "decaySteps")
        .OutOfRange("decaySteps -1", () => new CosineSchedule(1, -1), "decaySteps")
        .OutOfRange("decaySteps long.MinValue", () => new CosineSchedule(1, long.MinValue), "decaySteps")
        .OutOfRange("finalValue NaN", () => new CosineSchedule(1, 10, double.NaN), "finalValue")
        .OutOfRange("finalValue +inf", () => new CosineSchedule(1, 10, double.PositiveInfinity), "finalValue")
        .OutOfRange("finalValue -inf", () => new CosineSchedule(1, 10, double.NegativeInfinity), "finalValue")
        .OutOfRange("finalValue negative", () => new CosineSchedule(1, 10, -0.01), "finalValue")
        .OutOfRange("exponent 0", () => new CosineSchedule(1, 10, exponent: 0), "exponent")
        .OutOfRange("exponent negative", () => new CosineSchedule(1, 10, exponent: -1), "exponent")
        .OutOfRange("exponent NaN", () => new CosineSchedule(1, 10, exponent: double.NaN), "exponent")
        .OutOfRange("exponent +inf", () => new CosineSchedule(1, 10, exponent: double.PositiveInfinity), "exponent")
        .OutOfRange("cycles 0", () => new CosineSchedule(1, 10, cycles: 0), "cycles")
        .OutOfRange("cycles negative", () => new CosineSchedule(1, 10, cycles: -0.5), "cycles")
        .OutOfRange("cycles NaN", () => new CosineSchedule(1, 10, cycles: double.NaN), "cycles")
        .OutOfRange("cycles +inf", () => new CosineSchedule(1, 10, cycles: double.PositiveInfinity), "cycles")
        .StepArguments(() => new CosineSchedule(1, 10));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    /// <summary>The documented formula, written out with <see cref="Math.Cos(double)"/>.</summary>
    private static double Expected(double initial, long steps, double final, double exponent, double cycles, bool periodic, long step)
    {
        long t = periodic ? step : Math.Min(step, steps);
        double c = (1 + Math.Cos(2 * Math.PI * cycles * t / steps)) / 2;
        return final + ((initial - final) * Math.Pow(c, exponent));
    }

    [Theory]
    [InlineData(0.1, 100L, 0.0, 1.0, 0.5, false)]
    [InlineData(0.34, 100L, 0.088, 1.0, 0.5, false)]
    [InlineData(1.0, 37L, 0.1, 2.0, 0.5, false)]
    [InlineData(1.0, 50L, 0.0, 0.5, 0.5, false)]
    [InlineData(0.5, 40L, 0.05, 1.0, 1.5, false)]
    [InlineData(0.5, 40L, 0.05, 1.0, 0.5, true)]
    [InlineData(0.5, 40L, 0.0, 1.0, 2.0, true)]
    [InlineData(0.01, 10L, 0.1, 1.0, 0.5, false)]
    public void Follows_the_documented_formula(double initial, long steps, double final, double exponent, double cycles, bool periodic)
    {
        var s = new CosineSchedule(initial, steps, final, exponent, cycles, periodic);
        for (long step = 0; step <= (3 * steps) + 1; step++)
        {
            // Near the extremes 1 + cos(x) cancels, so both sides carry an absolute error in the cosine factor of about
            // 1e-16 times the argument of Math.Cos (whose multiplication by Math.PI rounds); a fractional exponent
            // amplifies it where the factor is small.
            double argument = 2 * Math.PI * cycles * (periodic ? step : Math.Min(step, steps)) / steps;
            double abs = (exponent < 1 ? 1e-13 : 1e-15) * (1 + argument) * Math.Max(initial, final);
            Approx.Equal(s.GetLearningRate(step), Expected(initial, steps, final, exponent, cycles, periodic, step), abs: abs, because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_values_where_the_cosine_is_exact()
    {
        var s = new CosineSchedule(1, 4);
        s.GetLearningRate(0).Should().Be(1);
        s.GetLearningRate(2).Should().Be(0.5);
        s.GetLearningRate(4).Should().Be(0);

        var p = new CosineSchedule(1, 4, periodic: true);
        p.GetLearningRate(6).Should().Be(0.5);
        p.GetLearningRate(8).Should().Be(1);
        p.GetLearningRate(12).Should().Be(0);

        var floor = new CosineSchedule(0.3, 10, 0.1);
        floor.GetLearningRate(5).Should().Be(0.1 + (0.19999999999999998 * 0.5)); // (0.3 - 0.1) rounds to 0.19999999999999998
    }

    [Theory]
    [InlineData(0.34, 0.088)]
    [InlineData(0.22, 0.08)]
    [InlineData(0.59, 0.07)]
    [InlineData(0.114, 0.051)]
    [InlineData(0.1, 0.0)]
    [InlineData(0.0, 0.3)]
    [InlineData(0.01, 0.7)]
    public void Boundaries_are_exact(double initial, double final)
    {
        const long T = 100;
        foreach (double exponent in new[] { 1.0, 0.5, 3.0 })
        {
            var s = new CosineSchedule(initial, T, final, exponent);
            s.GetLearningRate(0).Should().Be(initial, "the value at step 0 is InitialValue (exponent {0})", exponent);
            s.GetLearningRate(T - 1).Should().NotBe(final);
            s.GetLearningRate(T).Should().Be(final, "the value at step T is FinalValue (exponent {0})", exponent);
            s.GetLearningRate(T + 1).Should().Be(final);
            s.GetLearningRate(3 * T).Should().Be(final);
        }
    }

    [Fact]
    public void Periodic_boundaries_are_exact()
    {
        var s = new CosineSchedule(0.34, 100, 0.088, periodic: true);
        s.GetLearningRate(0).Should().Be(0.34);
        s.GetLearningRate(100).Should().Be(0.088);
        s.GetLearningRate(101).Should().BeGreaterThan(0.088);
        s.GetLearningRate(200).Should().Be(0.34);
        s.GetLearningRate(300).Should().Be(0.088);
        s.GetLearningRate(150).Should().Be(s.GetLearningRate(50));
    }

    [Fact]
    public void Non_periodic_with_other_cycles_holds_the_value_at_the_horizon()
    {
        var s = new CosineSchedule(1, 40, 0.2, cycles: 1);
        s.GetLearningRate(20).Should().Be(0.2);
        s.GetLearningRate(40).Should().Be(1); // a full period ends back at InitialValue
        s.GetLearningRate(41).Should().Be(1);
        s.GetLearningRate(long.MaxValue).Should().Be(1);

        var third = new CosineSchedule(1, 30, 0, cycles: 0.75);
        double atHorizon = third.GetLearningRate(30);
        Approx.Equal(atHorizon, 0.5, abs: 1e-15);
        third.GetLearningRate(31).Should().Be(atHorizon);
        third.GetLearningRate(long.MaxValue).Should().Be(atHorizon);
    }

    [Fact]
    public void Periodic_with_two_cycles_has_period_T_over_cycles()
    {
        var s = new CosineSchedule(0.5, 40, 0.1, cycles: 2, periodic: true);
        for (long step = 0; step < 100; step++)
        {
            Approx.Equal(s.GetLearningRate(step + 20), s.GetLearningRate(step), abs: 1e-15);
        }

        s.GetLearningRate(10).Should().Be(0.1);
        s.GetLearningRate(20).Should().Be(0.5);
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        var s = new CosineSchedule(0.34, 100, 0.088, exponent: 2);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.088);
        }

        var p = new CosineSchedule(0.34, 100, 0.088, periodic: true);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            p.GetLearningRate(step).Should().BeInRange(0.088, 0.34);
        }

        // 2^53 is a multiple of 2T = 128, so the periodic cosine is back at InitialValue there.
        new CosineSchedule(0.34, 64, 0.088, periodic: true).GetLearningRate(ScheduleChecks.TwoTo53).Should().Be(0.34);
    }

    [Fact]
    public void Huge_cycle_counts_stay_finite_and_inside_the_bounds()
    {
        foreach (double cycles in new[] { 1e15, 1e289, 1e300, 1e308, double.MaxValue })
        {
            foreach (bool periodic in new[] { false, true })
            {
                var s = new CosineSchedule(1, 7, 0.25, cycles: cycles, periodic: periodic);
                s.GetLearningRate(0).Should().Be(1, "cycles {0}, periodic {1}", cycles, periodic);
                foreach (long step in ScheduleChecks.SweepSteps(7))
                {
                    s.GetLearningRate(step).Should().BeInRange(0.25, 1, "cycles {0}, periodic {1}, step {2}", cycles, periodic, step);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new CosineSchedule(0.1, 100), 100);
        ScheduleChecks.AssertFiniteNonNegative(new CosineSchedule(0, 100, double.MaxValue, 1e-300), 100);
        ScheduleChecks.AssertFiniteNonNegative(new CosineSchedule(double.MaxValue, 3, 0, 1e300, 3.7, true), 3);
        ScheduleChecks.AssertFiniteNonNegative(new CosineSchedule(1, long.MaxValue, 1e-3, 0.5, 1e-300, true), long.MaxValue);
        ScheduleChecks.AssertFiniteNonNegative(new CosineSchedule(1, 1, 0, 1, 1e300, true), 1);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new CosineSchedule(0.34, 100, 0.088), 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new CosineSchedule(0.34, 50, 0.088, 2, 1.5, true), 50, 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new CosineSchedule(1, 1), 1);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new CosineSchedule(0.1, 100), new CosineSchedule(0.1, 100, 0, 1, 0.5, false));
        ScheduleChecks.AssertAllDistinct(
            new CosineSchedule(0.1, 100),
            new CosineSchedule(0.2, 100),
            new CosineSchedule(0.1, 101),
            new CosineSchedule(0.1, 100, 0.01),
            new CosineSchedule(0.1, 100, exponent: 2),
            new CosineSchedule(0.1, 100, cycles: 1),
            new CosineSchedule(0.1, 100, periodic: true));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        string text = new CosineSchedule(0.1, 100, 0.001, 1.5, 0.5, true).ToString();
        text.Should().StartWith("cosine(").And.Contain("decay_steps: 100");
        text.Should().Be("cosine(initial_value: 0.1, final_value: 0.001, decay_steps: 100, exponent: 1.5, cycles: 0.5, periodic: true)");
    }

    [Fact]
    public void A_rising_cosine_keeps_full_relative_precision_next_to_its_small_start()
    {
        // From 1e-10 up to 1: near the start the value is 1e-10 + (1 - 1e-10) sin^2(pi t / 2T), which this direct form
        // computes without cancellation; interpolating from the larger end would lose six digits there.
        var rise = new CosineSchedule(1e-10, 1_000_000, finalValue: 1);
        foreach (long t in new long[] { 1, 2, 10, 100 })
        {
            double s = Math.Sin(Math.PI * t / 2_000_000.0);
            double expected = 1e-10 + ((1 - 1e-10) * s * s);
            rise.GetLearningRate(t).Should().BeApproximately(expected, expected * 1e-13, "step {0}", t);
        }
    }

    [Fact]
    public void A_periodic_phase_that_overflows_stands_for_a_whole_number_of_cycles_in_spans_too()
    {
        // 1e308 cycles per 4 steps: the phase Cycles t / T is finite up to t = 7 and +inf from t = 8, where the scalar form
        // takes the phase as a whole number (the initial value); a span crossing that point must not feed +inf to the kernel.
        var schedule = new CosineSchedule(0.1, 4, finalValue: 0.01, cycles: 1e308, periodic: true);
        var doubles = new double[12];
        var floats = new float[12];
        schedule.Evaluate(0, doubles);
        schedule.Evaluate(0, floats);
        for (int t = 0; t < doubles.Length; t++)
        {
            doubles[t].Should().Be(schedule.GetLearningRate(t), "step {0}", t);
            floats[t].Should().Be((float)schedule.GetLearningRate(t), "step {0}", t);
        }

        doubles[8..].Should().AllSatisfy(v => v.Should().Be(0.1));
    }
}
