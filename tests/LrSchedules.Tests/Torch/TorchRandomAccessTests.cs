using CsCheck;
using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.Reliability;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// Random access into a <see cref="TorchSchedule"/> (skipping the steps that change nothing or that the next step
/// overwrites, tight loops for the recursions, checkpoints) gives bit for bit what the plain replay gives: the reference is
/// one sequential <see cref="IGroupedSchedule.EvaluateGroups"/> from step 0 on a fresh schedule, which steps the
/// scheduler once per step.
/// </summary>
public sealed class TorchRandomAccessTests
{
    [Fact]
    public void Random_access_into_any_accepted_torch_spec_is_bit_identical_to_the_replay()
    {
        Gen.Select(TorchGenerators.Spec(), Gen.Long[0, 599].Array[1, 12], Gen.Int[1, 4]).Sample(
            (json, steps, width) =>
            {
                IGroupedSchedule reference;
                try
                {
                    reference = (IGroupedSchedule)ScheduleSpec.Parse(json);
                }
                catch (ScheduleSpecException)
                {
                    return;
                }

                AssertRandomAccessMatches(json, reference, 600, steps, width);
            },
            iter: 2_000,
            print: t => t.Item1 + " at steps [" + string.Join(", ", t.Item2) + "], width " + t.Item3);
    }

    [Theory]
    [InlineData("""{"type":"torch.ExponentialLR","lr":[0.1,0.3],"args":{"gamma":0.99999}}""")]
    [InlineData("""{"type":"torch.ExponentialLR","lr":0.1,"args":{"gamma":0.9}}""")]
    [InlineData("""{"type":"torch.CosineAnnealingLR","lr":[0.1,0.02],"args":{"T_max":50000,"eta_min":0.001}}""")]
    [InlineData("""{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":7}}""")]
    [InlineData("""{"type":"torch.StepLR","lr":0.1,"args":{"step_size":7,"gamma":0.9999}}""")]
    [InlineData("""{"type":"torch.StepLR","lr":0.1,"args":{"step_size":1,"gamma":0.5}}""")]
    [InlineData("""{"type":"torch.LinearLR","lr":0.1,"args":{"start_factor":0.001,"end_factor":0,"total_iters":200000}}""")]
    [InlineData("""{"type":"torch.PolynomialLR","lr":0.1,"args":{"total_iters":150000,"power":1.7}}""")]
    [InlineData("""{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{"start_factor":0.01,"total_iters":1000}},{"type":"torch.CosineAnnealingLR","args":{"T_max":100000}}],"milestones":[1000]}}""")]
    [InlineData("""{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.CyclicLR","args":{"base_lr":0.01,"max_lr":0.1,"step_size_up":300,"cycle_momentum":false}},{"type":"torch.SWALR","args":{"swa_lr":0.05,"anneal_epochs":20}},{"type":"torch.ExponentialLR","args":{"gamma":0.99999}}],"milestones":[100000,200000]}}""")]
    [InlineData("""{"type":"torch.ChainedScheduler","lr":0.1,"args":{"schedulers":[{"type":"torch.ExponentialLR","args":{"gamma":0.99999}},{"type":"torch.StepLR","args":{"step_size":1000,"gamma":0.9}}]}}""")]
    [InlineData("""{"type":"torch.ChainedScheduler","lr":0.1,"args":{"schedulers":[{"type":"torch.ConstantLR","args":{"factor":0.5,"total_iters":70000}},{"type":"torch.MultiStepLR","args":{"milestones":[5,50000,250000],"gamma":0.9}}]}}""")]
    [InlineData("""{"type":"torch.ChainedScheduler","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{"start_factor":0.01,"total_iters":100000}},{"type":"torch.PolynomialLR","args":{"total_iters":200000,"power":1.5}}]}}""")]
    [InlineData("""{"type":"torch.ChainedScheduler","lr":[0.1,0.3],"args":{"schedulers":[{"type":"torch.ExponentialLR","args":{"gamma":0.99999}},{"type":"torch.LinearLR","args":{"start_factor":1,"end_factor":0.5,"total_iters":150000}}]}}""")]
    [InlineData("""{"type":"torch.ChainedScheduler","lr":0.1,"args":{"schedulers":[{"type":"torch.ExponentialLR","args":{"gamma":0.999995}},{"type":"torch.PolynomialLR","args":{"total_iters":100000,"power":1.5}}]}}""")]
    [InlineData("""{"type":"torch.CyclicLR","lr":[0.1,0.2],"momentum":0.9,"args":{"base_lr":[0.01,0.02],"max_lr":0.1,"step_size_up":777,"mode":"exp_range","gamma":0.99999}}""")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"momentum":0.9,"args":{"max_lr":1,"total_steps":250000,"three_phase":true}}""")]
    [InlineData("""{"type":"torch.CosineAnnealingWarmRestarts","lr":0.1,"args":{"T_0":10,"T_mult":2,"eta_min":0.001}}""")]
    [InlineData("""{"type":"torch.CosineAnnealingWarmRestarts","lr":0.1,"args":{"T_0":333}}""")]
    [InlineData("""{"type":"torch.SWALR","lr":0.1,"args":{"swa_lr":0.05,"anneal_epochs":1000,"anneal_strategy":"linear"}}""")]
    public void Random_access_past_checkpoints_is_bit_identical_to_the_replay(string json)
    {
        // 300,000 steps: several checkpoints (every 65,536 replayed steps); the reads go back and forth across them.
        const long Steps = 300_000;
        var reference = (IGroupedSchedule)ScheduleSpec.Parse(json);
        var random = new Random(7);
        long[] reads = [.. Enumerable.Range(0, 60).Select(_ => random.NextInt64(Steps - 4)), Steps - 4, 0, 65_536, 65_535, 131_072, 299_000, 1];
        AssertRandomAccessMatches(json, reference, Steps, reads, 4);
    }

    [Fact]
    public void Path_independent_classes_answer_at_step_1e9_as_their_recursions_give()
    {
        const long Far = 1_000_000_000;

        // StepLR: one multiplication by gamma per step_size steps, in order.
        double stepLr = 0.1;
        for (long k = 0; k < Far / 1000; k++)
        {
            stepLr *= 0.99999;
        }

        At(Far, """{"type":"torch.StepLR","lr":0.1,"args":{"step_size":1000,"gamma":0.99999}}""").Should().Be(stepLr);

        // MultiStepLR: gamma^count per milestone reached, one product per milestone.
        At(Far, """{"type":"torch.MultiStepLR","lr":0.1,"args":{"milestones":[10,100000,900000000],"gamma":0.5}}""").Should().Be(0.1 * 0.5 * 0.5 * 0.5);

        // ConstantLR and LinearLR past total_iters: the learning rate of total_iters.
        At(Far, """{"type":"torch.ConstantLR","lr":0.1,"args":{"factor":0.5,"total_iters":1000}}""").Should().Be(At(1000, """{"type":"torch.ConstantLR","lr":0.1,"args":{"factor":0.5,"total_iters":1000}}"""));
        At(Far, """{"type":"torch.LinearLR","lr":0.1,"args":{"start_factor":0.5,"total_iters":1000}}""").Should().Be(At(1000, """{"type":"torch.LinearLR","lr":0.1,"args":{"start_factor":0.5,"total_iters":1000}}"""));

        // CosineAnnealingWarmRestarts (T_0 10, T_mult 2): cycles start at 10 (2^n - 1); T_cur and T_i from integers.
        long start = 0, length = 10;
        while (start + length <= Far)
        {
            start += length;
            length *= 2;
        }

        At(Far, """{"type":"torch.CosineAnnealingWarmRestarts","lr":0.1,"args":{"T_0":10,"T_mult":2,"eta_min":0.001}}""")
            .Should().Be(0.001 + ((0.1 - 0.001) * (1 + Math.Cos(Math.PI * (double)(Far - start) / length)) / 2));

        // CyclicLR: what the scheduler resumed at that last_epoch computes (a run's groups hold initial_lr = base_lr).
        var cyclicGroups = new ParameterGroups(0.01, 0.9);
        cyclicGroups.SetInitialLearningRate(0, 0.01);
        _ = new CyclicLR(cyclicGroups, [0.01], [0.1], stepSizeUp: 777, mode: CyclicMode.ExpRange, gamma: 0.9999999, lastEpoch: Far - 1);
        At(Far, """{"type":"torch.CyclicLR","lr":0.1,"momentum":0.9,"args":{"base_lr":0.01,"max_lr":0.1,"step_size_up":777,"mode":"exp_range","gamma":0.9999999}}""")
            .Should().Be(cyclicGroups.GetLearningRate(0));

        // SWALR after its anneal: swa_lr.
        At(Far, """{"type":"torch.SWALR","lr":0.1,"args":{"swa_lr":0.05,"anneal_epochs":100}}""").Should().Be(0.05);

        // A SequentialLR whose last child is path-independent.
        At(Far, """{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{"start_factor":0.01,"total_iters":100}},{"type":"torch.MultiStepLR","args":{"milestones":[10],"gamma":0.5}}],"milestones":[100]}}""")
            .Should().Be(At(200, """{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{"start_factor":0.01,"total_iters":100}},{"type":"torch.MultiStepLR","args":{"milestones":[10],"gamma":0.5}}],"milestones":[100]}}"""));
    }

    [Fact]
    public void Past_the_largest_last_epoch_the_value_of_2_to_50_holds()
    {
        const string Spec = """{"type":"torch.StepLR","lr":0.1,"args":{"step_size":1125899906842624,"gamma":0.5}}""";
        At(TorchGenerators.MaxEpoch, Spec).Should().Be(0.05);
        At(TorchGenerators.MaxEpoch + 1, Spec).Should().Be(0.05);
        At(long.MaxValue, Spec).Should().Be(0.05);
        At(TorchGenerators.MaxEpoch - 1, Spec).Should().Be(0.1);
    }

    private static double At(long step, string json) => ScheduleSpec.Parse(json).GetLearningRate(step);

    private static void AssertRandomAccessMatches(string json, IGroupedSchedule reference, long steps, long[] reads, int width)
    {
        int groups = reference.GroupCount;
        int rows = (int)steps;
        var lrs = new double[rows * groups];
        var momentums = new double[reference.HasMomentum ? lrs.Length : 0];
        reference.EvaluateGroups(0, rows, lrs, momentums);

        var random = (IGroupedSchedule)ScheduleSpec.Parse(json);
        var windowLrs = new double[width * groups];
        var windowMomentums = new double[reference.HasMomentum ? windowLrs.Length : 0];
        foreach (long first in reads)
        {
            int count = (int)Math.Min(width, steps - first);
            random.EvaluateGroups(first, count, windowLrs.AsSpan(0, count * groups), windowMomentums.AsSpan(0, reference.HasMomentum ? count * groups : 0));
            for (int i = 0; i < count * groups; i++)
            {
                long at = (first * groups) + i;
                Bits(windowLrs[i]).Should().Be(Bits(lrs[at]), "lr of group {0} at step {1} after reading [{2}]", i % groups, first + (i / groups), string.Join(", ", reads));
                if (reference.HasMomentum)
                {
                    Bits(windowMomentums[i]).Should().Be(Bits(momentums[at]), "momentum of group {0} at step {1}", i % groups, first + (i / groups));
                }
            }

            ((ILearningRateSchedule)random).GetLearningRate(first).Should().Be(lrs[first * groups], "group 0 at step {0}", first);
        }
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}
