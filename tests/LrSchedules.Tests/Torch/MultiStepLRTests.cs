using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary><see cref="MultiStepLR"/>: milestones counted as PyTorch's <c>Counter</c> does, so repeats compound.</summary>
public sealed class MultiStepLRTests
{
    [Theory]
    [InlineData(new long[] { 3, 6, 6 })]
    [InlineData(new long[] { 6, 3, 6 })]
    public void A_repeated_milestone_multiplies_by_gamma_once_per_repeat(long[] milestones)
    {
        var groups = new ParameterGroups([1.0, 0.3]);
        var scheduler = new MultiStepLR(groups, milestones, 0.5);
        scheduler.Milestones.ToArray().Should().Equal(3, 6, 6);
        double[] lr = [1.0, 0.3];
        for (long e = 0; e <= 10; e++)
        {
            if (e > 0)
            {
                scheduler.Step();
            }

            // PyTorch: lr * gamma ** milestones[last_epoch] when last_epoch is a milestone.
            int count = milestones.Count(m => m == e);
            for (int g = 0; g < 2; g++)
            {
                lr[g] = count == 0 ? lr[g] : lr[g] * Math.Pow(0.5, count);
                TorchAssert.BitIdentical(groups.GetLearningRate(g), lr[g], "group {0} step {1}", g, e);
            }
        }

        groups.GetLearningRate(0).Should().Be(0.125, "gamma at 3, gamma^2 at 6");
    }

    [Fact]
    public void A_milestone_at_zero_applies_at_construction()
    {
        // PyTorch's MultiStepLR.get_lr has no initial-step exception: epoch 0 in milestones decays right away.
        var groups = new ParameterGroups(1.0);
        _ = new MultiStepLR(groups, [0, 0, 2], 0.1);
        groups.GetLearningRate(0).Should().Be(1.0 * Math.Pow(0.1, 2));
    }

    [Fact]
    public void Negative_milestone_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new MultiStepLR(new ParameterGroups(0.1), [5, -1]), "milestones");

    [Fact]
    public void Null_milestones_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new MultiStepLR(new ParameterGroups(0.1), null!), "milestones");

    [Fact]
    public void Non_finite_gamma_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new MultiStepLR(new ParameterGroups(0.1), [5], double.NaN), "gamma");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new MultiStepLR(null!, [5]), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new MultiStepLR(new ParameterGroups(0.1), [5], lastEpoch: 5), "lastEpoch");
}
