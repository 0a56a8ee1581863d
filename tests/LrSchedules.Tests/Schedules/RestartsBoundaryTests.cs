using System.Numerics;
using FluentAssertions;
using LrSchedules.Schedules;
using Xunit;

namespace LrSchedules.Tests.Schedules;

/// <summary>
/// Every restart step must start its cycle, exactly: PyTorch, Keras and timm find the cycle with floor(log(...)) and land
/// on the previous cycle at some exact restarts (T0 = 1, Tmult = 3, step 121).
/// </summary>
public sealed class RestartsBoundaryTests
{
    [Fact]
    public void Every_restart_boundary_starts_its_cycle_for_integer_periods_and_multipliers()
    {
        int wrong = 0, checkedBoundaries = 0;
        for (long t0 = 1; t0 <= 32; t0++)
        {
            for (long m = 2; m <= 7; m++)
            {
                var schedule = new RestartsSchedule(peakValue: 1.0, period: t0, periodMultiplier: m, floorValue: 0.0);
                for (int i = 0; i <= 12; i++)
                {
                    long start = (long)(t0 * (BigInteger.Pow(m, i) - 1) / (m - 1));
                    checkedBoundaries++;
                    var (cycle, cycleStart, length) = schedule.LocateCycle(start);
                    bool ok = cycle == i && cycleStart == start && length == t0 * Math.Pow(m, i)
                        && schedule.GetLearningRate(start) == 1.0
                        && (start == 0 || schedule.LocateCycle(start - 1).Cycle == i - 1);
                    if (!ok)
                    {
                        wrong++;
                    }
                }
            }
        }

        checkedBoundaries.Should().Be(32 * 6 * 13);
        wrong.Should().Be(0);
    }

    [Fact]
    public void The_floor_log_counterexample_is_a_restart()
    {
        var schedule = new RestartsSchedule(peakValue: 0.2, period: 1, periodMultiplier: 3);
        schedule.LocateCycle(121).Should().Be((5L, 121.0, 243.0));
        schedule.GetLearningRate(121).Should().Be(0.2);
        schedule.LocateCycle(120).Cycle.Should().Be(4);

        // The peers' formula really does miss it: floor(log(1 + 121 * 2) / log(3)) is 4.
        Math.Floor(Math.Log(1 + (121.0 * 2)) / Math.Log(3)).Should().Be(4);
    }

    [Theory]
    [InlineData(4096, 1.5)]
    [InlineData(1024, 1.25)]
    [InlineData(3, 1.0)]
    public void Fractional_multipliers_find_every_exact_boundary(double t0, double m)
    {
        var schedule = new RestartsSchedule(peakValue: 1.0, period: t0, periodMultiplier: m);
        double start = 0;
        for (int i = 0; i <= 12; i++)
        {
            if (start == Math.Floor(start))
            {
                var (cycle, cycleStart, _) = schedule.LocateCycle((long)start);
                cycle.Should().Be(i, "step {0} starts cycle {1}", start, i);
                cycleStart.Should().Be(start);
                schedule.GetLearningRate((long)start).Should().Be(1.0);
                if (start > 0)
                {
                    schedule.LocateCycle((long)start - 1).Cycle.Should().Be(i - 1);
                }
            }

            start += t0 * Math.Pow(m, i);
        }
    }

    [Fact]
    public void Cycle_search_is_exact_far_past_the_horizon()
    {
        var schedule = new RestartsSchedule(peakValue: 1.0, period: 1, periodMultiplier: 2);
        schedule.LocateCycle((1L << 62) - 1).Should().Be((62L, (double)((1L << 62) - 1), Math.Pow(2, 62)));
        schedule.LocateCycle(long.MaxValue).Cycle.Should().Be(63, "S_63 = 2^63 - 1 = long.MaxValue is itself a restart");
        double.IsFinite(schedule.GetLearningRate(long.MaxValue)).Should().BeTrue();
    }
}
