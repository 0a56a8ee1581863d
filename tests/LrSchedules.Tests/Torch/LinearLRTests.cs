using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="LinearLR"/>: PyTorch requires <c>0 &lt; start_factor &lt;= 1</c> and <c>0 &lt;= end_factor &lt;= 1</c>; the port
/// also requires <c>total_iters &gt;= 1</c> (PyTorch's closed form divides by it).
/// </summary>
public sealed class LinearLRTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    public void Start_factor_outside_0_exclusive_1_is_rejected(double value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new LinearLR(new ParameterGroups(0.1), value), "startFactor");

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void End_factor_outside_0_1_is_rejected(double value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new LinearLR(new ParameterGroups(0.1), 0.5, value), "endFactor");

    [Theory]
    [InlineData(0L)]
    [InlineData(-3L)]
    public void Total_iters_below_1_is_rejected(long value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new LinearLR(new ParameterGroups(0.1), 0.5, 1.0, value), "totalIters");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new LinearLR(null!), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new LinearLR(new ParameterGroups(0.1), lastEpoch: 0), "lastEpoch");

    [Fact]
    public void Boundary_factors_are_accepted()
    {
        _ = new LinearLR(new ParameterGroups(0.1), 1.0, 0.0, 1);
        _ = new LinearLR(new ParameterGroups(0.1), 1e-100, 1.0, 1);
    }

    [Theory]
    [InlineData(double.Epsilon)]
    [InlineData(1e-320)]
    [InlineData(9.99e-101)]
    public void Subnormal_and_tiny_start_factors_are_rejected(double value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new LinearLR(new ParameterGroups(0.1), value), "startFactor").Message.Should().Contain("[1E-100, 1]");
}
