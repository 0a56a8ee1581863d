using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="ConstantLR"/>: PyTorch rejects <c>factor</c> outside <c>[0, 1]</c>; the port also rejects 0, which PyTorch
/// accepts and then divides by at <c>total_iters</c>.
/// </summary>
public sealed class ConstantLRTests
{
    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.25)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Factor_outside_0_1_is_rejected(double value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ConstantLR(new ParameterGroups(0.1), value), "factor");

    [Fact]
    public void Factor_0_names_the_division_by_zero()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ConstantLR(new ParameterGroups(0.1), 0.0), "factor").Message.Should().Contain("1 / factor");

    [Fact]
    public void Negative_total_iters_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ConstantLR(new ParameterGroups(0.1), 0.5, -1), "totalIters");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new ConstantLR(null!), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new ConstantLR(new ParameterGroups(0.1), 0.5, 4, lastEpoch: 2), "lastEpoch");

    [Fact]
    public void Last_epoch_below_minus_one_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ConstantLR(TorchAssert.Resumable(0.1), 0.5, 4, lastEpoch: -2), "lastEpoch");

    [Fact]
    public void Factor_1_and_total_iters_0_are_accepted_and_follow_pytorch()
    {
        // factor = 1: lr * 1 at step 0, then lr * (1 / 1) at total_iters.
        var groups = new ParameterGroups(0.1);
        var scheduler = new ConstantLR(groups, 1.0, 3);
        for (int k = 0; k < 6; k++)
        {
            groups.GetLearningRate(0).Should().Be(0.1);
            scheduler.Step();
        }

        // total_iters = 0: PyTorch's chainable form multiplies by factor at epoch 0 and never undoes it (epoch 0 is
        // tested before epoch == total_iters).
        var g2 = new ParameterGroups(0.1);
        var s2 = new ConstantLR(g2, 0.5, 0);
        for (int k = 0; k < 4; k++)
        {
            g2.GetLearningRate(0).Should().Be(0.1 * 0.5);
            s2.Step();
        }
    }
}
