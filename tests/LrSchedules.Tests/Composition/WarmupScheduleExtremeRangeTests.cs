using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using Xunit;

namespace LrSchedules.Tests.Composition;

/// <summary>An exponential warmup whose peak/start ratio overflows or underflows a double stays finite and geometric.</summary>
public sealed class WarmupScheduleExtremeRangeTests
{
    [Theory]
    [InlineData(1e-300, 1.7e308)]
    [InlineData(1e300, 1e-300)]
    [InlineData(5e-324, 1e308)]
    public void Exponential_warmup_with_an_extreme_ratio_is_finite_geometric_and_between_its_ends(double start, double peak)
    {
        const long warmup = 10;
        var schedule = new WarmupSchedule(new ConstantSchedule(peak), warmup, start, WarmupShape.Exponential);
        var span = new double[warmup + 2];
        schedule.Evaluate(0, span);

        span[0].Should().Be(start);
        span[warmup].Should().Be(peak);
        for (long s = 0; s <= warmup; s++)
        {
            double value = schedule.GetLearningRate(s);
            span[s].Should().Be(value);
            double.IsFinite(value).Should().BeTrue();
            value.Should().BeInRange(Math.Min(start, peak), Math.Max(start, peak));
            if (s is > 0 and < warmup)
            {
                // Geometric: log(value) is the linear interpolation of log(start) and log(peak).
                double expectedLog = Math.Log(start) + ((Math.Log(peak) - Math.Log(start)) * s / warmup);
                Math.Log(value).Should().BeApproximately(expectedLog, 1e-9 * Math.Abs(expectedLog));
            }
        }
    }

    [Fact]
    public void Exponential_warmup_over_the_longest_range_is_finite()
    {
        var schedule = new WarmupSchedule(new ConstantSchedule(1.7e308), long.MaxValue, 1e-300, WarmupShape.Exponential);

        foreach (long s in new[] { 0L, 1L, 1000L, long.MaxValue / 2, long.MaxValue - 1 })
        {
            double.IsFinite(schedule.GetLearningRate(s)).Should().BeTrue("step {0}", s);
        }
    }
}
