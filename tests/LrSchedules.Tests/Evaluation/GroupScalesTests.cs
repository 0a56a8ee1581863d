using FluentAssertions;
using LrSchedules.Schedules;
using Xunit;

namespace LrSchedules.Tests.Evaluation;

public sealed class GroupScalesTests
{
    private static readonly CosineSchedule Schedule = new CosineSchedule(0.1, 1_000, 1e-5);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(10_000)]
    public void Float_groups_are_the_double_product_rounded_once(int groups)
    {
        var scales = new float[groups];
        GroupScales.LayerwiseDecay(0.97, scales);
        var lrs = new float[groups];
        GroupScales.Evaluate(Schedule, 123, scales, lrs);
        double lr = Schedule.GetLearningRate(123);
        for (int g = 0; g < groups; g++)
        {
            lrs[g].Should().Be((float)(lr * scales[g]), "group {0}", g);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(1_000)]
    public void Double_groups_are_the_product(int groups)
    {
        var scales = new double[groups];
        GroupScales.LayerwiseDecay(0.9, scales);
        var lrs = new double[groups];
        GroupScales.Evaluate(Schedule, 999, scales, lrs);
        double lr = Schedule.GetLearningRate(999);
        for (int g = 0; g < groups; g++)
        {
            lrs[g].Should().Be(lr * scales[g]);
        }
    }

    [Fact]
    public void Layerwise_decay_is_one_at_the_top_and_decays_downwards()
    {
        var scales = new double[4];
        GroupScales.LayerwiseDecay(0.5, scales);
        scales.Should().Equal(0.125, 0.25, 0.5, 1);
        var floats = new float[3];
        GroupScales.LayerwiseDecay(1, floats);
        floats.Should().Equal(1f, 1f, 1f);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Layerwise_decay_outside_0_1_is_rejected(double decay)
    {
        var act = () => GroupScales.LayerwiseDecay(decay, new double[3]);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(decay)).WithMessage("*(0, 1]*");
        var actFloat = () => GroupScales.LayerwiseDecay(decay, new float[3]);
        actFloat.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(decay));
    }

    [Theory]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Invalid_float_scales_are_rejected(float bad)
    {
        var scales = new float[] { 1, bad, 0.5f };
        var act = () => GroupScales.Evaluate(Schedule, 0, scales, new float[3]);
        act.Should().Throw<ArgumentException>().WithParameterName("scales").WithMessage("*finite and >= 0*");
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Invalid_double_scales_are_rejected(double bad)
    {
        var scales = new[] { bad, 1.0 };
        var act = () => GroupScales.Evaluate(Schedule, 0, scales, new double[2]);
        act.Should().Throw<ArgumentException>().WithParameterName("scales");
    }

    [Fact]
    public void A_product_that_overflows_float_is_rejected()
    {
        var act = () => GroupScales.Evaluate(new ConstantSchedule(1e10), 0, new[] { 1e30f }, new float[1]);
        act.Should().Throw<ArgumentException>().WithParameterName("scales").WithMessage("*overflows*");
        var actDouble = () => GroupScales.Evaluate(new ConstantSchedule(1e10), 0, new[] { 1e300 }, new double[1]);
        actDouble.Should().Throw<ArgumentException>().WithParameterName("scales").WithMessage("*overflows*");
    }

    [Fact]
    public void Arguments_are_validated()
    {
        var mismatch = () => GroupScales.Evaluate(Schedule, 0, new float[3], new float[2]);
        mismatch.Should().Throw<ArgumentException>().WithParameterName("destination").WithMessage("*one element per scale (3)*got 2*");
        var nullSchedule = () => GroupScales.Evaluate(null!, 0, new float[1], new float[1]);
        nullSchedule.Should().Throw<ArgumentNullException>().WithParameterName("schedule");
        var negative = () => GroupScales.Evaluate(Schedule, -1, new double[1], new double[1]);
        negative.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("step");
    }

    [Fact]
    public void Ten_thousand_groups_allocate_nothing()
    {
        var scales = new float[10_000];
        GroupScales.LayerwiseDecay(0.999, scales);
        var lrs = new float[10_000];
        GroupScales.Evaluate(Schedule, 5, scales, lrs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            GroupScales.Evaluate(Schedule, i, scales, lrs);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
