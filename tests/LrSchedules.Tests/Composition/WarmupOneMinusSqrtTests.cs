using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

/// <summary><see cref="WarmupShape.OneMinusSqrt"/>: <c>start + (peak - start) * (1 - sqrt(1 - s / W))</c> (HF's 1-sqrt warmup).</summary>
public class WarmupOneMinusSqrtTests
{
    private static readonly CosineSchedule Decay = new(0.34, 100, 0.088);

    [Theory]
    [InlineData(0.0, 37L)]
    [InlineData(0.01, 37L)]
    [InlineData(0.5, 10L)]
    [InlineData(0.34, 5L)]
    public void Follows_the_documented_formula(double start, long w)
    {
        var s = new WarmupSchedule(Decay, w, start, WarmupShape.OneMinusSqrt);
        for (long step = 0; step <= 200; step++)
        {
            double expected = step < w
                ? start + ((0.34 - start) * (1 - Math.Sqrt(1 - ((double)step / w))))
                : Decay.GetLearningRate(step - w);
            Approx.Equal(s.GetLearningRate(step), expected, abs: 1e-16, because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_values()
    {
        var s = new WarmupSchedule(new ConstantSchedule(1), 4, 0, WarmupShape.OneMinusSqrt);
        s.GetLearningRate(0).Should().Be(0);
        s.GetLearningRate(3).Should().Be(0.5); // 1 - sqrt(1/4)
        s.GetLearningRate(4).Should().Be(1);
        new WarmupSchedule(new ConstantSchedule(1), 16, 0, WarmupShape.OneMinusSqrt).GetLearningRate(12).Should().Be(0.5);
        new WarmupSchedule(new ConstantSchedule(2), 4, 1, WarmupShape.OneMinusSqrt).GetLearningRate(3).Should().Be(1.5);
    }

    [Fact]
    public void Stays_below_the_linear_warmup_and_rises_monotonically()
    {
        // 1 - sqrt(1 - x) <= x on [0, 1]: below the linear warmup everywhere, equal at both ends.
        var sqrt = new WarmupSchedule(new ConstantSchedule(1), 100, 0, WarmupShape.OneMinusSqrt);
        var linear = new WarmupSchedule(new ConstantSchedule(1), 100, 0);
        double previous = -1;
        for (long step = 0; step <= 100; step++)
        {
            double v = sqrt.GetLearningRate(step);
            v.Should().BeLessThanOrEqualTo(linear.GetLearningRate(step) + 1e-16);
            v.Should().BeGreaterThanOrEqualTo(previous);
            previous = v;
        }
    }

    [Fact]
    public void Boundaries_are_exact()
    {
        foreach (double start in new[] { 0.0, 0.001, 0.7 })
        {
            var s = new WarmupSchedule(Decay, 50, start, WarmupShape.OneMinusSqrt);
            s.GetLearningRate(0).Should().Be(start);
            s.GetLearningRate(49).Should().NotBe(0.34);
            s.GetLearningRate(50).Should().Be(0.34);
            s.GetLearningRate(150).Should().Be(0.088);
        }
    }

    [Fact]
    public void Is_hfs_wsd_warmup()
    {
        // hf.get_wsd_schedule with warmup_type 1-sqrt: lr * (1 - sqrt(1 - step / W)) during the warmup.
        var hf = ScheduleSpec.Parse("""{"type":"hf.get_wsd_schedule","lr":0.1,"args":{"num_warmup_steps":10,"num_decay_steps":20,"num_training_steps":100,"warmup_type":"1-sqrt"}}""");
        for (long step = 0; step < 10; step++)
        {
            Approx.Equal(hf.GetLearningRate(step), 0.1 * (1 - Math.Sqrt(1 - (step / 10.0))), abs: 1e-17);
        }
    }

    [Fact]
    public void Values_are_finite_and_Evaluate_matches()
    {
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(Decay, 10, 1e-3, WarmupShape.OneMinusSqrt), 10, 110);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(new ConstantSchedule(double.MaxValue), 7, 0, WarmupShape.OneMinusSqrt), 7);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(new ConstantSchedule(0), 7, double.MaxValue, WarmupShape.OneMinusSqrt), 7);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(Decay, long.MaxValue, 1, WarmupShape.OneMinusSqrt), long.MaxValue);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupSchedule(Decay, 50, 0.01, WarmupShape.OneMinusSqrt), 50, 150);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupSchedule(Decay, long.MaxValue - 30, 0.01, WarmupShape.OneMinusSqrt), long.MaxValue - 30);
    }

    [Fact]
    public void Equality_and_ToString()
    {
        ScheduleChecks.AssertValueEqual(new WarmupSchedule(Decay, 10, 0, WarmupShape.OneMinusSqrt), new WarmupSchedule(Decay, 10, 0, WarmupShape.OneMinusSqrt));
        ScheduleChecks.AssertAllDistinct(new WarmupSchedule(Decay, 10, 0, WarmupShape.OneMinusSqrt), new WarmupSchedule(Decay, 10, 0, WarmupShape.Linear));
        using var culture = CultureScope.German();
        new WarmupSchedule(new ConstantSchedule(0.5), 10, 0.25, WarmupShape.OneMinusSqrt).ToString()
            .Should().Be("warmup(warmup_steps: 10, start_value: 0.25, shape: one_minus_sqrt, schedule: constant(value: 0.5))");
    }
}
