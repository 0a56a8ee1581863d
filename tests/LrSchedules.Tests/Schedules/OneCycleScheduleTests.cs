using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Schedules;

public class OneCycleScheduleTests
{
    private static readonly RejectionTable Rejections = new RejectionTable()
        .OutOfRange("maxValue NaN", () => new OneCycleSchedule(double.NaN, 100), "maxValue")
        .OutOfRange("maxValue +inf", () => new OneCycleSchedule(double.PositiveInfinity, 100), "maxValue")
        .OutOfRange("maxValue negative", () => new OneCycleSchedule(-0.1, 100), "maxValue")
        .OutOfRange("totalSteps 1", () => new OneCycleSchedule(0.1, 1), "totalSteps")
        .OutOfRange("totalSteps 0", () => new OneCycleSchedule(0.1, 0), "totalSteps")
        .OutOfRange("totalSteps -1", () => new OneCycleSchedule(0.1, -1), "totalSteps")
        .OutOfRange("pctStart 0", () => new OneCycleSchedule(0.1, 100, 0), "pctStart")
        .OutOfRange("pctStart negative", () => new OneCycleSchedule(0.1, 100, -0.3), "pctStart")
        .OutOfRange("pctStart 1", () => new OneCycleSchedule(0.1, 100, 1), "pctStart")
        .OutOfRange("pctStart above 1", () => new OneCycleSchedule(0.1, 100, 1.5), "pctStart")
        .OutOfRange("pctStart NaN", () => new OneCycleSchedule(0.1, 100, double.NaN), "pctStart")
        .OutOfRange("pctStart leaves a rise of 0 steps", () => new OneCycleSchedule(0.1, 10, 0.1), "pctStart")
        .OutOfRange("pctStart 0.6 with three phases", () => new OneCycleSchedule(0.1, 100, 0.6, threePhase: true), "pctStart")
        .OutOfRange("pctStart 0.505 with three phases", () => new OneCycleSchedule(0.1, 100, 0.505, threePhase: true), "pctStart")
        .Invalid("anneal undefined", () => new OneCycleSchedule(0.1, 100, anneal: (Interpolation)2), "anneal")
        .OutOfRange("divFactor 0", () => new OneCycleSchedule(0.1, 100, divFactor: 0), "divFactor")
        .OutOfRange("divFactor negative", () => new OneCycleSchedule(0.1, 100, divFactor: -25), "divFactor")
        .OutOfRange("divFactor NaN", () => new OneCycleSchedule(0.1, 100, divFactor: double.NaN), "divFactor")
        .OutOfRange("divFactor +inf", () => new OneCycleSchedule(0.1, 100, divFactor: double.PositiveInfinity), "divFactor")
        .OutOfRange("divFactor small enough for maxValue / divFactor to overflow", () => new OneCycleSchedule(double.MaxValue, 100, divFactor: 0.5), "divFactor")
        .OutOfRange("finalDivFactor small enough for the minimum to overflow", () => new OneCycleSchedule(1, 100, divFactor: 1e-300, finalDivFactor: 1e-10), "finalDivFactor")
        .OutOfRange("finalDivFactor 0", () => new OneCycleSchedule(0.1, 100, finalDivFactor: 0), "finalDivFactor")
        .OutOfRange("finalDivFactor negative", () => new OneCycleSchedule(0.1, 100, finalDivFactor: -1), "finalDivFactor")
        .OutOfRange("finalDivFactor NaN", () => new OneCycleSchedule(0.1, 100, finalDivFactor: double.NaN), "finalDivFactor")
        .OutOfRange("finalDivFactor +inf", () => new OneCycleSchedule(0.1, 100, finalDivFactor: double.PositiveInfinity), "finalDivFactor")
        .StepArguments(() => new OneCycleSchedule(0.1, 100));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    public static TheoryData<double, long, double, Interpolation, double, double, bool> Cases => new()
    {
        { 0.1, 100, 0.3, Interpolation.Cosine, 25, 1e4, false },
        { 0.1, 100, 0.3, Interpolation.Linear, 25, 1e4, false },
        { 0.5, 60, 0.25, Interpolation.Linear, 10, 100, true },
        { 0.5, 60, 0.25, Interpolation.Cosine, 10, 100, true },
        { 1.0, 37, 0.45, Interpolation.Cosine, 3, 7, true },
        { 0.01, 1000, 0.1, Interpolation.Cosine, 25, 1e4, false },
        { 0.1, 100, 0.07, Interpolation.Linear, 25, 1e4, false },
        { 0.1, 100, 0.29, Interpolation.Cosine, 25, 1e4, true },
        { 0.2, 7, 0.5, Interpolation.Linear, 2, 2, false },
        { 0.2, 100, 0.5, Interpolation.Cosine, 25, 1e4, true }, // phase ends 49, 98, 99
    };

    /// <summary>PyTorch <c>OneCycleLR.get_lr</c>, transcribed: phase ends, start/end values and the two anneal functions.</summary>
    private static double Torch(double maxLr, long total, double pct, Interpolation anneal, double div, double finalDiv, bool three, long step)
    {
        double initial = maxLr / div;
        double min = initial / finalDiv;
        (double End, double Start, double Stop)[] phases = three
            ? [((pct * total) - 1, initial, maxLr), ((2 * pct * total) - 2, maxLr, initial), (total - 1, initial, min)]
            : [((pct * total) - 1, initial, maxLr), (total - 1, maxLr, min)];
        double startStep = 0;
        for (int i = 0; i < phases.Length; i++)
        {
            var (end, from, to) = phases[i];
            if (step <= end || i == phases.Length - 1)
            {
                double p = (step - startStep) / (end - startStep);
                // PyTorch's linear anneal can round one ULP past the phase's end value (0.04999999999999999 at step 28 of
                // the three-phase (0.5, 60, 0.25) case, whose phase ends at 0.05): the schedule clamps each phase to its
                // two values, so the transcription does too.
                return anneal == Interpolation.Cosine
                    ? to + ((from - to) / 2.0 * (Math.Cos(Math.PI * p) + 1))
                    : Math.Clamp(((to - from) * p) + from, Math.Min(from, to), Math.Max(from, to));
            }

            startStep = end;
        }

        throw new InvalidOperationException("unreachable");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reproduces_PyTorch_OneCycleLR_before_the_last_step(double maxLr, long total, double pct, Interpolation anneal, double div, double finalDiv, bool three)
    {
        var s = new OneCycleSchedule(maxLr, total, pct, anneal, div, finalDiv, three);
        for (long step = 0; step < total - 1; step++)
        {
            double torch = Torch(maxLr, total, pct, anneal, div, finalDiv, three, step);
            if (anneal == Interpolation.Linear)
            {
                s.GetLearningRate(step).Should().Be(torch, "the linear phases use PyTorch's operations in its order, clamped to the phase's values (step {0})", step);
            }
            else
            {
                // Cosine phases: PyTorch's v1 + (v0 - v1) / 2 (cos(pi pct) + 1) as the well-conditioned v1 + (v0 - v1) cos^2(pi pct / 2).
                // PyTorch's expression cancels near the end of a phase: against a 50-digit evaluation (mpmath), its value at
                // step 997 of the (0.01, 1000, 0.1) case is 1.4e-12 relative off, ours matches to the last printed digit.
                Approx.Equal(s.GetLearningRate(step), torch, rel: 1e-11, abs: 0);
            }
        }

        double last = Torch(maxLr, total, pct, anneal, div, finalDiv, three, total - 1);
        Approx.Equal(s.GetLearningRate(total - 1), last, rel: 1e-15, abs: 1e-16 * maxLr);
        s.GetLearningRate(total - 1).Should().Be(maxLr / div / finalDiv, "from step N - 1 on the value is exactly the minimum");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Phase_ends_and_values_are_PyTorchs(double maxLr, long total, double pct, Interpolation anneal, double div, double finalDiv, bool three)
    {
        var s = new OneCycleSchedule(maxLr, total, pct, anneal, div, finalDiv, three);
        double initial = maxLr / div;
        if (three)
        {
            s.PhaseEnds.Should().Equal((pct * total) - 1, (2 * pct * total) - 2, total - 1);
            s.PhaseValues.Should().Equal(initial, maxLr, initial, initial / finalDiv);
        }
        else
        {
            s.PhaseEnds.Should().Equal((pct * total) - 1, total - 1);
            s.PhaseValues.Should().Equal(initial, maxLr, initial / finalDiv);
        }
    }

    [Fact]
    public void Phase_ends_keep_PyTorchs_rounding()
    {
        // 0.07 * 100 is 7.000000000000001, so the rise ends a hair after step 6 and step 6 is not yet the peak.
        var s = new OneCycleSchedule(0.1, 100, 0.07, Interpolation.Linear);
        s.PhaseEnds[0].Should().Be(6.000000000000001);
        s.GetLearningRate(6).Should().BeLessThan(0.1);
        Approx.Equal(s.GetLearningRate(6), 0.1, rel: 1e-15);
        s.GetLearningRate(7).Should().BeLessThan(0.1);

        // 0.29 * 100 is 28.999999999999996: the rise ends just before step 28, which already belongs to the fall.
        var early = new OneCycleSchedule(0.1, 100, 0.29, Interpolation.Linear);
        early.PhaseEnds[0].Should().Be(27.999999999999996);
        early.GetLearningRate(27).Should().BeLessThan(0.1);
        Approx.Equal(early.GetLearningRate(28), 0.1, rel: 1e-15);
        early.GetLearningRate(29).Should().BeLessThan(0.1);

        // 0.3 * 100 is exactly 30: step 29 is the peak.
        new OneCycleSchedule(0.1, 100).GetLearningRate(29).Should().Be(0.1);

        // With an exact end the peak is reached exactly.
        var exact = new OneCycleSchedule(1, 10, 0.5);
        exact.PhaseEnds.Should().Equal(4.0, 9.0);
        exact.GetLearningRate(4).Should().Be(1);
        exact.GetLearningRate(9).Should().Be(1.0 / 25 / 1e4);
        Approx.Equal(exact.GetLearningRate(2), 0.52); // half way up the cosine from 0.04 to 1
    }

    [Fact]
    public void Three_phases_return_to_the_initial_value_before_the_minimum()
    {
        var s = new OneCycleSchedule(1, 21, 0.25, Interpolation.Linear, 4, 10, threePhase: true);
        s.PhaseEnds.Should().Equal(4.25, 8.5, 20.0);
        s.GetLearningRate(0).Should().Be(0.25);
        Approx.Equal(s.GetLearningRate(4), 0.25 + (0.75 * 4 / 4.25));
        s.GetLearningRate(5).Should().BeLessThan(1);
        Approx.Equal(s.GetLearningRate(8), 1 - (0.75 * 3.75 / 4.25));
        Approx.Equal(s.GetLearningRate(9), 0.25 - (0.225 * 0.5 / 11.5));
        s.GetLearningRate(20).Should().Be(0.025);
    }

    [Fact]
    public void Exactly_half_with_three_phases_is_accepted_when_every_phase_has_steps()
    {
        // The documentation says "below 0.5 with threePhase"; 0.5 itself gives ends 49, 98, 99 for 100 steps, all positive.
        var s = new OneCycleSchedule(0.1, 100, 0.5, threePhase: true);
        s.PhaseEnds.Should().Equal(49.0, 98.0, 99.0);
        s.GetLearningRate(49).Should().Be(0.1);
        s.GetLearningRate(98).Should().Be(s.PhaseValues[0]);
    }

    [Fact]
    public void Step_zero_is_the_initial_value()
    {
        foreach (var anneal in new[] { Interpolation.Cosine, Interpolation.Linear })
        {
            foreach (bool three in new[] { false, true })
            {
                var s = new OneCycleSchedule(0.1, 100, 0.3, anneal, 25, 1e4, three);
                Approx.Equal(s.GetLearningRate(0), 0.004, rel: 1e-15);
                Approx.Equal(s.GetLearningRate(0), s.PhaseValues[0], rel: 1e-15);
            }
        }

        new OneCycleSchedule(0, 100).GetLearningRate(0).Should().Be(0);
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        foreach (var anneal in new[] { Interpolation.Cosine, Interpolation.Linear })
        {
            foreach (bool three in new[] { false, true })
            {
                var s = new OneCycleSchedule(0.1, 100, 0.3, anneal, 25, 1e4, three);
                foreach (long step in ScheduleChecks.FarSteps.Append(100).Append(99))
                {
                    s.GetLearningRate(step).Should().Be(0.1 / 25 / 1e4, "{0}, three phases {1}, step {2}", anneal, three, step);
                }
            }
        }

        var endless = new OneCycleSchedule(1, long.MaxValue, 0.25, threePhase: true);
        endless.GetLearningRate(long.MaxValue).Should().Be(1 / 25.0 / 1e4);
        endless.GetLearningRate(long.MaxValue / 2).Should().BeInRange(0, 1);
        endless.GetLearningRate(ScheduleChecks.TwoTo53).Should().BeInRange(0.04, 1);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new OneCycleSchedule(0.1, 100), 29, 30, 99);
        ScheduleChecks.AssertFiniteNonNegative(new OneCycleSchedule(double.MaxValue, 2, 0.75, Interpolation.Linear, 1, 1), 1);
        ScheduleChecks.AssertFiniteNonNegative(new OneCycleSchedule(double.MaxValue, 3, 0.75, Interpolation.Cosine, 1, double.MaxValue), 1, 2);
        ScheduleChecks.AssertFiniteNonNegative(new OneCycleSchedule(1e-10, 1000, 0.2, Interpolation.Cosine, 1e-300, 1e300, true), 199, 398, 999);
        ScheduleChecks.AssertFiniteNonNegative(new OneCycleSchedule(double.MaxValue, 1000, 0.2, Interpolation.Linear, double.MaxValue, double.MaxValue, true), 199, 398, 999);
        ScheduleChecks.AssertFiniteNonNegative(new OneCycleSchedule(1, long.MaxValue, 1e-18), long.MaxValue - 1);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new OneCycleSchedule(0.1, 100), 29, 30, 99);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new OneCycleSchedule(0.5, 60, 0.25, Interpolation.Linear, 10, 100, true), 14, 28, 59);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new OneCycleSchedule(0.5, long.MaxValue, 0.25, Interpolation.Linear, 10, 100, true), long.MaxValue - 1);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new OneCycleSchedule(0.1, 100), new OneCycleSchedule(0.1, 100, 0.3, Interpolation.Cosine, 25, 1e4, false));
        ScheduleChecks.AssertAllDistinct(
            new OneCycleSchedule(0.1, 100),
            new OneCycleSchedule(0.2, 100),
            new OneCycleSchedule(0.1, 101),
            new OneCycleSchedule(0.1, 100, 0.25),
            new OneCycleSchedule(0.1, 100, anneal: Interpolation.Linear),
            new OneCycleSchedule(0.1, 100, divFactor: 10),
            new OneCycleSchedule(0.1, 100, finalDivFactor: 100),
            new OneCycleSchedule(0.1, 100, threePhase: true));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new OneCycleSchedule(0.5, 60, 0.25, Interpolation.Linear, 10, 100, true).ToString()
            .Should().Be("one_cycle(max_value: 0.5, total_steps: 60, pct_start: 0.25, anneal: linear, div_factor: 10, final_div_factor: 100, three_phase: true)");
    }

    [Fact]
    public void Cosine_phase_keeps_full_precision_near_its_end()
    {
        // Reference values from a 50-digit evaluation (mpmath) of to + (from - to) cos^2(pi pct / 2).
        var s = new OneCycleSchedule(0.01, 1_000, 0.1);
        Approx.Equal(s.GetLearningRate(994), 8.015211719469266e-07, rel: 2e-16, abs: 0);
        Approx.Equal(s.GetLearningRate(997), 1.618459856401439e-07, rel: 2e-16, abs: 0);
    }
}
