using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary><see cref="ExponentialLR"/>: argument rules.</summary>
public sealed class ExponentialLRTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_gamma_is_rejected(double value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ExponentialLR(new ParameterGroups(0.1), value), "gamma");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new ExponentialLR(null!, 0.9), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new ExponentialLR(new ParameterGroups(0.1), 0.9, lastEpoch: 0), "lastEpoch");
}
