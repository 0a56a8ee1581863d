using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary><see cref="StepLR"/>: argument rules and resuming from a last epoch.</summary>
public sealed class StepLRTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(-3L)]
    public void Step_size_below_1_is_rejected(long value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new StepLR(new ParameterGroups(0.1), value), "stepSize");

    [Fact]
    public void Non_finite_gamma_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new StepLR(new ParameterGroups(0.1), 3, double.PositiveInfinity), "gamma");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new StepLR(null!, 3), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new StepLR(new ParameterGroups(0.1), 3, lastEpoch: 7), "lastEpoch").Message.Should().Contain("group 0");

    [Fact]
    public void Resuming_with_an_initial_lr_continues_the_chainable_form()
    {
        // The groups hold initial_lr 0.1 and (say) the lr of epoch 7; the initial step moves to epoch 8 without decaying.
        var groups = TorchAssert.Resumable(0.1);
        groups.SetLearningRate(0, 0.1 * 0.5 * 0.5);
        var scheduler = new StepLR(groups, 3, 0.5, lastEpoch: 7);
        scheduler.LastEpoch.Should().Be(8);
        groups.GetLearningRate(0).Should().Be(0.025);
        scheduler.Step();
        groups.GetLearningRate(0).Should().Be(0.0125, "epoch 9 is a multiple of step_size");
    }
}
