using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using Xunit;

namespace LrSchedules.Tests.Schedules;

/// <summary>
/// The exact message of every rejection the constructors of the files of Schedules/ make that no other test read, and
/// the boundaries the Stryker.NET runs of those files showed no test held (docs/reliability.md, mutation testing): next
/// to each rejection with a boundary, the accepted end of it.
/// </summary>
public sealed class ScheduleMessageTests
{
    [Fact]
    public void Anneal_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new AnnealSchedule(1, 0.1, 10, (DecayShape)99),
            "shape must be Linear, Cosine, OneMinusSqrt, Exponential, Power, InverseSqrt or ShiftedExponential; got 99.");
        Rejects<ArgumentException>(() => new AnnealSchedule(0, 0.1, 10, DecayShape.Exponential),
            "initialValue must be above 0, as must finalValue, for a geometric (exponential without halfLife) anneal; got initialValue 0 and finalValue 0.1.");
        Rejects<ArgumentException>(() => new AnnealSchedule(1, 0, 10, DecayShape.Exponential),
            "finalValue must be above 0, as must initialValue, for a geometric (exponential without halfLife) anneal; got initialValue 1 and finalValue 0.");
        FluentActions.Invoking(() => new AnnealSchedule(1, 0, 10, DecayShape.Exponential, halfLife: 3)).Should().NotThrow("a half-life anneal may end at 0");
    }

    [Fact]
    public void Polynomial_rejects_an_undefined_arithmetic_by_name()
    {
        Rejects<ArgumentException>(() => new PolynomialSchedule(1, 0, 10, arithmetic: (Arithmetic)7), "arithmetic must be DoublePrecision or SinglePrecision; got 7.");
    }

    [Fact]
    public void Restarts_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new RestartsSchedule(0.1, 10, shape: (CycleShape)9), "shape must be Cosine, Power or Tanh; got 9.");
        Rejects<ArgumentOutOfRangeException>(() => new RestartsSchedule(0.1, 10, shape: CycleShape.Tanh, tanhLower: 3, tanhUpper: 3), "tanhLower must be less than tanhUpper (3); got 3.");
        Rejects<ArgumentException>(() => new RestartsSchedule(0.1, 10, peakDecayMode: (PeakDecayMode)5), "peakDecayMode must be Peak or Amplitude; got 5.");
        Rejects<ArgumentOutOfRangeException>(() => new RestartsSchedule(0.1, 10, cycleWarmupSteps: 10), "cycleWarmupSteps must be less than period (10); got 10.");
        FluentActions.Invoking(() => new RestartsSchedule(0.1, 10, cycleWarmupSteps: 9)).Should().NotThrow("a warmup one step shorter than the period is allowed");
        Rejects<ArgumentException>(() => new RestartsSchedule(0.1, 10, periodGrowth: (PeriodGrowth)4), "periodGrowth must be Exact or Truncated; got 4.");
        Rejects<ArgumentOutOfRangeException>(() => new RestartsSchedule(0.1, 10.5, periodGrowth: PeriodGrowth.Truncated),
            "period must be an integer in [1, 9223372036854775807] with Truncated period growth; got 10.5.");
        Rejects<ArgumentOutOfRangeException>(() => new RestartsSchedule(0.1, 10_000, periodMultiplier: 1.0001, periodGrowth: PeriodGrowth.Truncated),
            "periodMultiplier must grow Truncated periods fast enough that at most 65536 cycles start below long.MaxValue and the cycle limit; got 1.0001.");
    }

    [Fact]
    public void Cyclic_rejects_an_undefined_mode_by_name()
    {
        Rejects<ArgumentException>(() => new CyclicSchedule(0.1, 1, 10, mode: (CyclicMode)9), "mode must be Triangular, Triangular2 or ExpRange; got 9.");
    }

    [Fact]
    public void Exponential_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new ExponentialSchedule(1, 0.5, 10, arithmetic: (Arithmetic)7), "arithmetic must be DoublePrecision or SinglePrecision; got 7.");
        Rejects<ArgumentException>(() => new ExponentialSchedule(1, 1.5, 10), "endValue is required when decayRate > 1 (growth without a cap overflows); got none.");
        FluentActions.Invoking(() => new ExponentialSchedule(1, 1, 10)).Should().NotThrow("a decay rate of exactly 1 needs no cap");
        FluentActions.Invoking(() => new ExponentialSchedule(1, 1.5, 10, endValue: 10)).Should().NotThrow("a growth with a cap is allowed");
    }

    [Fact]
    public void Infinite_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentOutOfRangeException>(() => new InfiniteSchedule(1, 0, 10, 0.5, long.MaxValue - 9, 10, 0.1),
            "constantSteps must keep cooldownSteps + constantSteps within long.MaxValue.");
        FluentActions.Invoking(() => new InfiniteSchedule(1, 0, 10, 0.5, long.MaxValue - 10, 10, 0.1)).Should().NotThrow("cooldownSteps + constantSteps = long.MaxValue is allowed");
        Rejects<ArgumentException>(() => new InfiniteSchedule(1, 0, 10, 0.5, 100, 10, 0.1, cooldownShape: (DecayShape)99),
            "cooldownShape must be Linear, Cosine, OneMinusSqrt, Exponential, Power, InverseSqrt or ShiftedExponential; got 99.");
        Rejects<ArgumentException>(() => new InfiniteSchedule(1, 0, 10, 0.5, 100, 10, 0.1, annealShape: (DecayShape)98),
            "annealShape must be Linear, Cosine, OneMinusSqrt, Exponential, Power, InverseSqrt or ShiftedExponential; got 98.");

        Rejects<ArgumentException>(() => new InfiniteSchedule(0, 0, 10, 0.5, null, 10, 0.1, cooldownShape: DecayShape.Exponential),
            "peakValue must be above 0 for a geometric (exponential) cooldown; got 0.");
        Rejects<ArgumentException>(() => new InfiniteSchedule(1, 0, 10, 0, null, 10, 0.1, cooldownShape: DecayShape.Exponential),
            "constantValue must be above 0 for a geometric (exponential) cooldown; got 0.");
        FluentActions.Invoking(() => new InfiniteSchedule(0, 0, 0, 0, null, 10, 0.1, cooldownShape: DecayShape.Exponential))
            .Should().NotThrow("without a cooldown (cooldownSteps = 0) its geometric shape needs no positive ends");

        Rejects<ArgumentException>(() => new InfiniteSchedule(1, 0, 10, 0, 100, 10, 0.1), "constantValue must be above 0 for a geometric (exponential) anneal; got 0.");
        Rejects<ArgumentException>(() => new InfiniteSchedule(1, 0, 10, 0.5, 100, 10, 0), "finalValue must be above 0 for a geometric (exponential) anneal; got 0.");
        FluentActions.Invoking(() => new InfiniteSchedule(1, 0, 10, 0, null, 10, 0)).Should().NotThrow("without an anneal (constantSteps null) its geometric shape needs no positive ends");
    }

    [Fact]
    public void Inverse_sqrt_rejects_a_shift_that_overflows_step_0()
    {
        Rejects<ArgumentOutOfRangeException>(() => new InverseSqrtSchedule(1e308, 1, 1e-10),
            "shift must keep the value at step 0 finite; initialValue / sqrt(shift / timescale) overflows.");
        FluentActions.Invoking(() => new InverseSqrtSchedule(1e308, 1, 1)).Should().NotThrow("the value at step 0 is then initialValue");
    }

    [Fact]
    public void Multi_step_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new MultiStepSchedule(1, [5, 3], 0.5), "milestones must be in non-decreasing order; got 3 after 5.");
        FluentActions.Invoking(() => new MultiStepSchedule(1, [3, 3], 0.5)).Should().NotThrow("a repeated milestone is allowed");
        Rejects<ArgumentOutOfRangeException>(() => new MultiStepSchedule(1, [1, 2], 1e200), "gamma must keep every value finite; initialValue * gamma^2 overflows.");
        FluentActions.Invoking(() => new MultiStepSchedule(1, [1], 1e200)).Should().NotThrow("one growth by 1e200 stays finite");
    }

    [Fact]
    public void One_cycle_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new OneCycleSchedule(1, 10, anneal: (Interpolation)7), "anneal must be Linear or Cosine; got 7.");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycleSchedule(1, 10, pctStart: 0.1), "pctStart must give every phase a positive length (phase 0 ends at step 0, after 0); got 0.1.");
        FluentActions.Invoking(() => new OneCycleSchedule(1, 10, pctStart: 0.2)).Should().NotThrow("a first phase of one step is allowed");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycleSchedule(1, 10, pctStart: 0.55, threePhase: true),
            "pctStart must give every phase a positive length (phase 2 ends at step 9, after 9); got 0.55.");
        FluentActions.Invoking(() => new OneCycleSchedule(1, 10, pctStart: 0.5, threePhase: true)).Should().NotThrow("a last phase of one step is allowed");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycleSchedule(1e308, 10, divFactor: 0.1), "divFactor must keep maxValue / divFactor finite; got 0.1 with maxValue 1E+308.");
        FluentActions.Invoking(() => new OneCycleSchedule(1e308, 10, divFactor: 1, finalDivFactor: 1)).Should().NotThrow("maxValue / 1 / 1 is finite");
        Rejects<ArgumentOutOfRangeException>(() => new OneCycleSchedule(1e308, 10, divFactor: 1, finalDivFactor: 0.1), "finalDivFactor must keep maxValue / divFactor / finalDivFactor finite; got 0.1.");
    }

    [Fact]
    public void Piecewise_constant_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new PiecewiseConstantSchedule([5], [1, 0.5], (BoundaryMode)3), "boundaryMode must be SwitchAt or SwitchAfter; got 3.");
        Rejects<ArgumentException>(() => new PiecewiseConstantSchedule([5, 10], [1, 0.5]), "values must have exactly one more entry than boundaries (3); got 2.");
        Rejects<ArgumentException>(() => new PiecewiseConstantSchedule([5, 10], [1, 0.5, 0.25, 0.1]), "values must have exactly one more entry than boundaries (3); got 4.");
        FluentActions.Invoking(() => new PiecewiseConstantSchedule([5, 10], [1, 0.5, 0.25])).Should().NotThrow();
    }

    [Fact]
    public void Piecewise_interpolation_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new PiecewiseInterpolationSchedule([0, 10], [1, 0], (Interpolation)7), "interpolation must be Linear or Cosine; got 7.");
        Rejects<ArgumentException>(() => new PiecewiseInterpolationSchedule([], []), "boundaries must contain at least one knot; got none.");
        FluentActions.Invoking(() => new PiecewiseInterpolationSchedule([4], [0.5])).Should().NotThrow("one knot is allowed");
        Rejects<ArgumentException>(() => new PiecewiseInterpolationSchedule([long.MinValue, 0], [1, 0]),
            "boundaries must have gaps of at most long.MaxValue steps between neighbouring knots.");
        FluentActions.Invoking(() => new PiecewiseInterpolationSchedule([long.MinValue + 1, 0], [1, 0])).Should().NotThrow("a gap of exactly long.MaxValue steps is allowed");
        Rejects<ArgumentException>(() => new PiecewiseInterpolationSchedule([0, 10], [1]), "values must have exactly as many entries as boundaries (2); got 1.");
        Rejects<ArgumentException>(() => new PiecewiseInterpolationSchedule([0, 10], [1, 0.5, 0]), "values must have exactly as many entries as boundaries (2); got 3.");
    }

    [Fact]
    public void Plateau_rejects_undefined_modes_by_name()
    {
        Rejects<ArgumentException>(() => new PlateauSchedule(0.1, [1.0], mode: (PlateauMode)5), "mode must be Min or Max; got 5.");
        Rejects<ArgumentException>(() => new PlateauSchedule(0.1, [1.0], thresholdMode: (ThresholdMode)4), "thresholdMode must be Rel or Abs; got 4.");
    }

    [Fact]
    public void Warmup_stable_decay_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentOutOfRangeException>(() => new WarmupStableDecaySchedule(1, long.MaxValue - 1, 2, 1),
            "decaySteps must keep warmupSteps + stableSteps + decaySteps within long.MaxValue.");
        Rejects<ArgumentOutOfRangeException>(() => new WarmupStableDecaySchedule(1, 10, 10, long.MaxValue - 19),
            "decaySteps must keep warmupSteps + stableSteps + decaySteps within long.MaxValue.");
        FluentActions.Invoking(() => new WarmupStableDecaySchedule(1, long.MaxValue - 2, 1, 1)).Should().NotThrow("warmupSteps + stableSteps = long.MaxValue - 1 leaves one decay step");
        FluentActions.Invoking(() => new WarmupStableDecaySchedule(1, 10, 10, long.MaxValue - 20)).Should().NotThrow("a total of exactly long.MaxValue steps is allowed");
        Rejects<ArgumentException>(() => new WarmupStableDecaySchedule(1, 5, 5, 5, warmupShape: (WarmupShape)9),
            "warmupShape must be Linear, Cosine, Exponential, OneMinusSqrt or Logarithmic; got 9.");
        Rejects<ArgumentException>(() => new WarmupStableDecaySchedule(1, 5, 5, 5, decayShape: (DecayShape)99),
            "decayShape must be Linear, Cosine, OneMinusSqrt, Exponential, Power, InverseSqrt or ShiftedExponential; got 99.");

        Rejects<ArgumentOutOfRangeException>(() => new WarmupStableDecaySchedule(1, 5, 5, 5, warmupShape: WarmupShape.Exponential),
            "warmupStartValue must be a finite number in (0, +inf) for an exponential warmup; got 0.");
        Rejects<ArgumentException>(() => new WarmupStableDecaySchedule(0, 5, 5, 5, warmupShape: WarmupShape.Exponential, warmupStartValue: 0.01),
            "peakValue must be above 0 for an exponential warmup; got 0.");
        FluentActions.Invoking(() => new WarmupStableDecaySchedule(0, 0, 5, 5, warmupShape: WarmupShape.Exponential))
            .Should().NotThrow("an exponential warmup of length 0 needs no positive ends");

        Rejects<ArgumentException>(() => new WarmupStableDecaySchedule(0, 0, 5, 5, finalValue: 0.1, decayShape: DecayShape.Exponential),
            "peakValue must be above 0 for a geometric decay (exponential without decayHalfLife); got 0.");
        Rejects<ArgumentException>(() => new WarmupStableDecaySchedule(1, 0, 5, 5, decayShape: DecayShape.Exponential),
            "finalValue must be above 0 for a geometric decay (exponential without decayHalfLife); got 0.");
        FluentActions.Invoking(() => new WarmupStableDecaySchedule(1, 0, 5, 5, decayShape: DecayShape.Exponential, decayHalfLife: 3))
            .Should().NotThrow("a half-life decay may end at 0");
    }

    [Fact]
    public void An_anneal_that_ends_where_it_starts_is_that_value_everywhere()
    {
        // InitialValue >= FinalValue decides which end the interpolant starts from; at equality either gives the value.
        foreach (DecayShape shape in Enum.GetValues<DecayShape>())
        {
            var flat = new AnnealSchedule(0.3, 0.3, 10, shape);
            var span = new double[14];
            flat.Evaluate(0, span);
            span.Should().AllSatisfy(v => v.Should().Be(0.3), "{0}", shape);
        }
    }

    [Fact]
    public void A_polynomial_decay_reaches_its_final_value_exactly_at_decay_steps_and_a_cycle_restarts_after_it()
    {
        var once = new PolynomialSchedule(0.7, 0.1, 8, power: 2.5);
        var cycle = new PolynomialSchedule(0.7, 0.1, 8, power: 2.5, cycle: true);
        var spanOnce = new double[30];
        var spanCycle = new double[30];
        once.Evaluate(0, spanOnce);
        cycle.Evaluate(0, spanCycle);
        for (int k = 0; k < 30; k++)
        {
            spanOnce[k].Should().Be(once.GetLearningRate(k), "step {0}", k);
            spanCycle[k].Should().Be(cycle.GetLearningRate(k), "cycle step {0}", k);
        }

        once.GetLearningRate(8).Should().Be(0.1);
        once.GetLearningRate(9).Should().Be(0.1);
        cycle.GetLearningRate(8).Should().Be(0.1, "t = decay_steps ends the first cycle");
        cycle.GetLearningRate(9).Should().BeGreaterThan(0.1, "the second cycle, over 16 steps, starts above the final value");
        cycle.GetLearningRate(16).Should().Be(0.1, "and ends at it");
    }

    private static void Rejects<T>(Func<object> create, string message)
        where T : ArgumentException
        => FluentActions.Invoking(create).Should().ThrowExactly<T>().Which.Message.Should().StartWith(message);
}
