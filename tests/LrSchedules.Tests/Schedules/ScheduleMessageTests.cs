using FluentAssertions;
using LrSchedules.Schedules;
using Xunit;

namespace LrSchedules.Tests.Schedules;

/// <summary>
/// The exact message of the rejections of <see cref="AnnealSchedule"/>, <see cref="PolynomialSchedule"/> and
/// <see cref="RestartsSchedule"/> that no other test read, and the boundaries the Stryker.NET run of those files showed
/// no test held (docs/reliability.md, mutation testing).
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
