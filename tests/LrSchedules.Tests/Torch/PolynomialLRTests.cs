using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary><see cref="PolynomialLR"/>: argument rules.</summary>
public sealed class PolynomialLRTests
{
    [Fact]
    public void Total_iters_below_1_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new PolynomialLR(new ParameterGroups(0.1), 0), "totalIters");

    [Fact]
    public void Non_finite_power_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new PolynomialLR(new ParameterGroups(0.1), 10, double.NaN), "power");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new PolynomialLR(null!), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new PolynomialLR(new ParameterGroups(0.1), lastEpoch: 2), "lastEpoch");
}
