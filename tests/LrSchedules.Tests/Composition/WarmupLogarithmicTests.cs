using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

/// <summary><see cref="WarmupShape.Logarithmic"/>: <c>start + (peak - start) * ln(1 + s) / ln(1 + W)</c> (DeepSpeed's "log" warmup).</summary>
public class WarmupLogarithmicTests
{
    private static readonly CosineSchedule Decay = new(0.34, 100, 0.088);

    [Theory]
    [InlineData(0.0, 37L)]
    [InlineData(0.01, 37L)]
    [InlineData(0.5, 10L)]
    [InlineData(0.34, 5L)]
    [InlineData(0.0, 1L)]
    public void Follows_the_documented_formula(double start, long w)
    {
        var s = new WarmupSchedule(Decay, w, start, WarmupShape.Logarithmic);
        for (long step = 0; step <= 200; step++)
        {
            double expected = step < w
                ? start + ((0.34 - start) * Math.Log(1 + step) / Math.Log(1 + w))
                : Decay.GetLearningRate(step - w);
            Approx.Equal(s.GetLearningRate(step), expected, rel: 1e-14, abs: 1e-17, because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_values()
    {
        // log2(1 + s) / log2(1 + W) is exact at powers of two.
        var s = new WarmupSchedule(new ConstantSchedule(1), 15, 0, WarmupShape.Logarithmic);
        s.GetLearningRate(0).Should().Be(0);
        s.GetLearningRate(1).Should().Be(0.25);
        s.GetLearningRate(3).Should().Be(0.5);
        s.GetLearningRate(7).Should().Be(0.75);
        s.GetLearningRate(15).Should().Be(1);
        new WarmupSchedule(new ConstantSchedule(1), 15, 2, WarmupShape.Logarithmic).GetLearningRate(3).Should().Be(1.5);
    }

    [Fact]
    public void Is_deepspeeds_log_warmup_over_one_step_less()
    {
        // DeepSpeed WarmupLR(warmup_type="log"): min + (max - min) * log(i + 1) / log(W) at last_batch_iteration i < W.
        var native = new WarmupSchedule(new ConstantSchedule(0.002), 36, 1e-5, WarmupShape.Logarithmic);
        for (long i = 0; i < 60; i++)
        {
            double deepspeed = i < 37 ? 1e-5 + ((0.002 - 1e-5) * ((1.0 / Math.Log(37)) * Math.Log(i + 1))) : 0.002;
            Approx.Equal(native.GetLearningRate(i), deepspeed, rel: 1e-14, because: "at step " + i);
        }
    }

    [Fact]
    public void Rises_steeply_then_flattens_above_the_linear_warmup()
    {
        // ln(1 + s) / ln(1 + W) is concave and >= s / W on [0, W].
        var log = new WarmupSchedule(new ConstantSchedule(1), 100, 0, WarmupShape.Logarithmic);
        var linear = new WarmupSchedule(new ConstantSchedule(1), 100, 0);
        double previous = -1;
        for (long step = 0; step <= 100; step++)
        {
            double v = log.GetLearningRate(step);
            v.Should().BeGreaterThanOrEqualTo(linear.GetLearningRate(step));
            v.Should().BeGreaterThanOrEqualTo(previous);
            previous = v;
        }
    }

    [Fact]
    public void A_falling_warmup_moves_down_from_start_to_peak()
    {
        var s = new WarmupSchedule(new ConstantSchedule(0.001), 40, 0.003, WarmupShape.Logarithmic);
        double previous = double.PositiveInfinity;
        for (long step = 0; step <= 45; step++)
        {
            double v = s.GetLearningRate(step);
            v.Should().BeLessThanOrEqualTo(previous).And.BeInRange(0.001, 0.003);
            Approx.Equal(v, step < 40 ? 0.003 + ((0.001 - 0.003) * Math.Log(1 + step) / Math.Log(41)) : 0.001, rel: 1e-13);
            previous = v;
        }
    }

    [Fact]
    public void Values_are_finite_and_Evaluate_matches()
    {
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(Decay, 10, 1e-3, WarmupShape.Logarithmic), 10, 110);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(new ConstantSchedule(double.MaxValue), 7, 0, WarmupShape.Logarithmic), 7);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(new ConstantSchedule(0), 7, double.MaxValue, WarmupShape.Logarithmic), 7);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(Decay, long.MaxValue, 1, WarmupShape.Logarithmic), long.MaxValue);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupSchedule(Decay, 50, 0.01, WarmupShape.Logarithmic), 50, 150);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupSchedule(new ConstantSchedule(0.01), 50, 0.3, WarmupShape.Logarithmic), 50, 150);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupSchedule(Decay, long.MaxValue - 30, 0.01, WarmupShape.Logarithmic), long.MaxValue - 30);
    }

    [Fact]
    public void Equality_ToString_and_spec_round_trip()
    {
        ScheduleChecks.AssertValueEqual(new WarmupSchedule(Decay, 10, 0, WarmupShape.Logarithmic), new WarmupSchedule(Decay, 10, 0, WarmupShape.Logarithmic));
        ScheduleChecks.AssertAllDistinct(new WarmupSchedule(Decay, 10, 0, WarmupShape.Logarithmic), new WarmupSchedule(Decay, 10, 0, WarmupShape.Linear));
        using var culture = CultureScope.German();
        var s = new WarmupSchedule(new ConstantSchedule(0.5), 10, 0.25, WarmupShape.Logarithmic);
        s.ToString().Should().Be("warmup(warmup_steps: 10, start_value: 0.25, shape: logarithmic, schedule: constant(value: 0.5))");
        ScheduleSpec.Parse(ScheduleSpec.ToJson(s)).Should().Be(s);
        ScheduleSpec.Parse("""{"type":"warmup","warmup_steps":10,"start_value":0.25,"shape":"logarithmic","schedule":{"type":"constant","value":0.5}}""").Should().Be(s);
    }
}
