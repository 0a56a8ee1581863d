using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Tests.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

public class ContinualPretrainingTests
{
    private static readonly WarmupStableDecaySchedule Main = new(0.1, 10, 1000, 100, 1e-3);

    private static readonly InfiniteSchedule Endless = new(1e-3, 20, 40, 1e-4, null, 1, 1e-5);

    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("ForkAnneal schedule null", () => ContinualPretraining.ForkAnneal(null!, 100, 50, 1e-3), "schedule")
        .OutOfRange("ForkAnneal branchStep -1", () => ContinualPretraining.ForkAnneal(Main, -1, 50, 1e-3), "branchStep")
        .OutOfRange("ForkAnneal branchStep long.MinValue", () => ContinualPretraining.ForkAnneal(Main, long.MinValue, 50, 1e-3), "branchStep")
        .OutOfRange("ForkAnneal branchStep past long.MaxValue - annealSteps", () => ContinualPretraining.ForkAnneal(Main, long.MaxValue - 49, 50, 1e-3), "branchStep")
        .OutOfRange("ForkAnneal branchStep long.MaxValue", () => ContinualPretraining.ForkAnneal(Main, long.MaxValue, 1, 1e-3), "branchStep")
        .OutOfRange("ForkAnneal annealSteps 0", () => ContinualPretraining.ForkAnneal(Main, 100, 0, 1e-3), "annealSteps")
        .OutOfRange("ForkAnneal annealSteps -1", () => ContinualPretraining.ForkAnneal(Main, 100, -1, 1e-3), "annealSteps")
        .OutOfRange("ForkAnneal finalValue negative", () => ContinualPretraining.ForkAnneal(Main, 100, 50, -1e-3), "finalValue")
        .OutOfRange("ForkAnneal finalValue NaN", () => ContinualPretraining.ForkAnneal(Main, 100, 50, double.NaN), "finalValue")
        .Invalid("ForkAnneal shape undefined", () => ContinualPretraining.ForkAnneal(Main, 100, 50, 1e-3, (DecayShape)7), "shape")
        .Invalid("ForkAnneal geometric to 0", () => ContinualPretraining.ForkAnneal(Main, 100, 50, 0, DecayShape.Exponential), "finalValue")
        .Invalid("ForkAnneal geometric from a value of 0", () => ContinualPretraining.ForkAnneal(Main, 0, 50, 1e-3, DecayShape.Exponential), "schedule")
        .Null("ExtendWithTask schedule null", () => ContinualPretraining.ExtendWithTask(null!, 100, 1e-4, 100, 50, 1e-5), "schedule")
        .OutOfRange("ExtendWithTask previousSteps 0", () => ContinualPretraining.ExtendWithTask(Endless, 0, 1e-4, 100, 50, 1e-5), "previousSteps")
        .OutOfRange("ExtendWithTask previousSteps -1", () => ContinualPretraining.ExtendWithTask(Endless, -1, 1e-4, 100, 50, 1e-5), "previousSteps")
        .OutOfRange("ExtendWithTask constantValue negative", () => ContinualPretraining.ExtendWithTask(Endless, 100, -1e-4, 100, 50, 1e-5), "constantValue")
        .OutOfRange("ExtendWithTask constantValue NaN", () => ContinualPretraining.ExtendWithTask(Endless, 100, double.NaN, 100, 50, 1e-5), "constantValue")
        .OutOfRange("ExtendWithTask constantSteps 0", () => ContinualPretraining.ExtendWithTask(Endless, 100, 1e-4, 0, 50, 1e-5), "constantSteps")
        .OutOfRange("ExtendWithTask annealSteps 0", () => ContinualPretraining.ExtendWithTask(Endless, 100, 1e-4, 100, 0, 1e-5), "annealSteps")
        .OutOfRange("ExtendWithTask finalValue negative", () => ContinualPretraining.ExtendWithTask(Endless, 100, 1e-4, 100, 50, -1e-5), "finalValue")
        .Invalid("ExtendWithTask geometric anneal to 0", () => ContinualPretraining.ExtendWithTask(Endless, 100, 1e-4, 100, 50, 0), "finalValue")
        .Invalid("ExtendWithTask geometric anneal from 0", () => ContinualPretraining.ExtendWithTask(Endless, 100, 0, 100, 50, 1e-5), "constantValue")
        .StepArguments(() => ContinualPretraining.ForkAnneal(Main, 500, 50, 1e-3));

    private static readonly RejectionTable ExtendedStepRejections = new RejectionTable()
        .StepArguments(() => ContinualPretraining.ExtendWithTask(Endless, 100, 1e-4, 100, 50, 1e-5));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    public static TheoryData<string> ExtendedStepRejectionNames => ExtendedStepRejections.Names;

    [Theory]
    [InlineData(DecayShape.Linear)]
    [InlineData(DecayShape.Cosine)]
    [InlineData(DecayShape.OneMinusSqrt)]
    [InlineData(DecayShape.Exponential)]
    [InlineData(DecayShape.Power)]
    [InlineData(DecayShape.InverseSqrt)]
    public void ForkAnneal_follows_the_main_run_then_anneals_from_its_value(DecayShape shape)
    {
        const long Branch = 317, Anneal = 60;
        const double Final = 1e-3;
        var branch = ContinualPretraining.ForkAnneal(Main, Branch, Anneal, Final, shape);
        double from = Main.GetLearningRate(Branch);
        for (long step = 0; step < Branch; step++)
        {
            branch.GetLearningRate(step).Should().Be(Main.GetLearningRate(step), "the branch equals the main run before it leaves (step {0})", step);
        }

        branch.GetLearningRate(Branch).Should().Be(from, "the anneal starts at the main run's value at the branch step");
        for (long t = 0; t <= Anneal + 10; t++)
        {
            Approx.Equal(branch.GetLearningRate(Branch + t), AnnealScheduleTests.Expected(from, Final, Anneal, shape, 1, null, 10, t), rel: 1e-13, because: shape + " at anneal step " + t);
        }

        branch.GetLearningRate(Branch + Anneal - 1).Should().NotBe(Final);
        branch.GetLearningRate(Branch + Anneal).Should().Be(Final);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            branch.GetLearningRate(step).Should().Be(Final);
        }
    }

    [Fact]
    public void ForkAnneal_during_warmup_starts_from_the_warmup_value()
    {
        var branch = ContinualPretraining.ForkAnneal(Main, 5, 10, 0);
        branch.GetLearningRate(4).Should().Be(Main.GetLearningRate(4));
        branch.GetLearningRate(5).Should().Be(0.05);
        branch.GetLearningRate(10).Should().Be(0.025);
        branch.GetLearningRate(15).Should().Be(0);
    }

    [Fact]
    public void ForkAnneal_at_step_0_is_the_anneal_itself()
    {
        var branch = ContinualPretraining.ForkAnneal(new ConstantSchedule(0.2), 0, 10, 0.02, DecayShape.Cosine);
        branch.Should().Be(new AnnealSchedule(0.2, 0.02, 10, DecayShape.Cosine));
    }

    [Fact]
    public void ForkAnneal_of_a_custom_schedule()
    {
        var custom = new CustomSchedule(1);
        var branch = ContinualPretraining.ForkAnneal(custom, 3, 4, 0);
        branch.GetLearningRate(2).Should().Be(custom.GetLearningRate(2));
        branch.GetLearningRate(3).Should().Be(0.25);
        branch.GetLearningRate(5).Should().Be(0.125);
        branch.GetLearningRate(7).Should().Be(0);
        ScheduleChecks.AssertEvaluateMatchesPointwise(branch, 3, 7);
    }

    [Fact]
    public void ForkAnneal_at_the_last_possible_step()
    {
        var branch = ContinualPretraining.ForkAnneal(Main, long.MaxValue - 10, 10, 1e-4);
        branch.GetLearningRate(long.MaxValue - 11).Should().Be(1e-3);
        branch.GetLearningRate(long.MaxValue - 10).Should().Be(1e-3);
        branch.GetLearningRate(long.MaxValue - 1).Should().BeInRange(1e-4, 1e-3);
        branch.GetLearningRate(long.MaxValue).Should().Be(1e-4);
        ScheduleChecks.AssertEvaluateMatchesPointwise(branch, long.MaxValue - 10);
    }

    [Fact]
    public void ExtendWithTask_continues_without_rewarming()
    {
        const long Previous = 500, K = 200, A = 100;
        var extended = ContinualPretraining.ExtendWithTask(Endless, Previous, 1e-4, K, A, 1e-5);
        extended.Phases.Should().HaveCount(2);
        extended.PhaseStarts.Should().Equal(0, Previous);
        for (long step = 0; step < Previous; step++)
        {
            extended.GetLearningRate(step).Should().Be(Endless.GetLearningRate(step));
        }

        for (long step = Previous; step <= Previous + K; step++)
        {
            extended.GetLearningRate(step).Should().Be(1e-4, "the new task's constant phase, no warmup (step {0})", step);
        }

        Approx.Equal(extended.GetLearningRate(Previous + K + (A / 2)), Math.Sqrt(1e-4 * 1e-5));
        extended.GetLearningRate(Previous + K + A - 1).Should().BeGreaterThan(1e-5);
        extended.GetLearningRate(Previous + K + A).Should().Be(1e-5);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            extended.GetLearningRate(step).Should().Be(1e-5);
        }
    }

    [Fact]
    public void ExtendWithTask_without_constant_steps_stays_constant()
    {
        var extended = ContinualPretraining.ExtendWithTask(Endless, 300, 5e-5, null, 1, 0);
        extended.GetLearningRate(299).Should().Be(1e-4);
        foreach (long step in ScheduleChecks.SweepSteps(300).Where(s => s >= 300))
        {
            extended.GetLearningRate(step).Should().Be(5e-5);
        }
    }

    [Fact]
    public void Tasks_chain()
    {
        var first = ContinualPretraining.ExtendWithTask(Endless, 100, 1e-4, null, 1, 0);
        var second = ContinualPretraining.ExtendWithTask(first, 200, 1e-4, 50, 50, 1e-6);
        second.GetLearningRate(150).Should().Be(1e-4);
        second.GetLearningRate(250).Should().Be(1e-4);
        second.GetLearningRate(300).Should().Be(1e-6);
        ScheduleChecks.AssertEvaluateMatchesPointwise(second, 100, 200, 250, 300);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Theory]
    [MemberData(nameof(ExtendedStepRejectionNames))]
    public void An_extended_schedule_rejects_invalid_steps(string @case) => ExtendedStepRejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        foreach (var shape in Enum.GetValues<DecayShape>())
        {
            ScheduleChecks.AssertFiniteNonNegative(ContinualPretraining.ForkAnneal(Main, 317, 60, 1e-3, shape), 317, 377);
        }

        ScheduleChecks.AssertFiniteNonNegative(ContinualPretraining.ExtendWithTask(Endless, 500, 1e-4, 200, 100, 1e-5), 500, 700, 800);
        ScheduleChecks.AssertFiniteNonNegative(ContinualPretraining.ExtendWithTask(Endless, long.MaxValue, 1e-4, long.MaxValue, long.MaxValue, 1e-5), long.MaxValue);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        foreach (var shape in Enum.GetValues<DecayShape>())
        {
            ScheduleChecks.AssertEvaluateMatchesPointwise(ContinualPretraining.ForkAnneal(Main, 317, 60, 1e-3, shape), 317, 377);
        }

        ScheduleChecks.AssertEvaluateMatchesPointwise(ContinualPretraining.ExtendWithTask(Endless, 500, 1e-4, 200, 100, 1e-5), 500, 700, 800);
    }

    [Fact]
    public void Results_compare_and_print_by_value()
    {
        ScheduleChecks.AssertValueEqual(ContinualPretraining.ForkAnneal(Main, 317, 60, 1e-3), ContinualPretraining.ForkAnneal(Main, 317, 60, 1e-3));
        ScheduleChecks.AssertValueEqual(ContinualPretraining.ExtendWithTask(Endless, 500, 1e-4, 200, 100, 1e-5), ContinualPretraining.ExtendWithTask(Endless, 500, 1e-4, 200, 100, 1e-5));
        ScheduleChecks.AssertAllDistinct(
            ContinualPretraining.ForkAnneal(Main, 317, 60, 1e-3),
            ContinualPretraining.ForkAnneal(Main, 318, 60, 1e-3),
            ContinualPretraining.ForkAnneal(Main, 317, 61, 1e-3),
            ContinualPretraining.ForkAnneal(Main, 317, 60, 2e-3),
            ContinualPretraining.ForkAnneal(Main, 317, 60, 1e-3, DecayShape.Cosine));

        using var culture = CultureScope.German();
        ContinualPretraining.ForkAnneal(new ConstantSchedule(0.5), 10, 20, 0.05).ToString()
            .Should().Be("sequence(phases: [{steps: 10, schedule: constant(value: 0.5)}, {schedule: anneal(initial_value: 0.5, final_value: 0.05, steps: 20, shape: linear, power: 1, timescale: 10)}])");
    }
}
