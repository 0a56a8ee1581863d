using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

public class WarmupScheduleTests
{
    private static readonly CosineSchedule Decay = new(0.34, 100, 0.088);

    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("schedule null", () => new WarmupSchedule(null!, 10), "schedule")
        .OutOfRange("warmupSteps -1", () => new WarmupSchedule(Decay, -1), "warmupSteps")
        .OutOfRange("warmupSteps long.MinValue", () => new WarmupSchedule(Decay, long.MinValue), "warmupSteps")
        .OutOfRange("startValue NaN", () => new WarmupSchedule(Decay, 10, double.NaN), "startValue")
        .OutOfRange("startValue +inf", () => new WarmupSchedule(Decay, 10, double.PositiveInfinity), "startValue")
        .OutOfRange("startValue -inf", () => new WarmupSchedule(Decay, 10, double.NegativeInfinity), "startValue")
        .OutOfRange("startValue negative", () => new WarmupSchedule(Decay, 10, -0.01), "startValue")
        .Invalid("shape undefined 5", () => new WarmupSchedule(Decay, 10, 0, (WarmupShape)5), "shape")
        .Invalid("shape undefined -1", () => new WarmupSchedule(Decay, 10, 0, (WarmupShape)(-1)), "shape")
        .OutOfRange("startValue 0 with an exponential warmup", () => new WarmupSchedule(Decay, 10, 0, WarmupShape.Exponential), "startValue")
        .Invalid("schedule starting at 0 with an exponential warmup", () => new WarmupSchedule(new ConstantSchedule(0), 10, 0.1, WarmupShape.Exponential), "schedule")
        .StepArguments(() => new WarmupSchedule(Decay, 10));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    /// <summary>The documented formula, written out.</summary>
    private static double Expected(CosineSchedule inner, long w, double start, WarmupShape shape, long step)
    {
        if (step >= w)
        {
            return inner.GetLearningRate(step - w);
        }

        double peak = inner.GetLearningRate(0);
        double x = step / (double)w;
        return shape switch
        {
            WarmupShape.Linear => (start * ((w - step) / (double)w)) + (peak * x),
            WarmupShape.Cosine => (start * (1 + Math.Cos(Math.PI * x)) / 2) + (peak * (1 - Math.Cos(Math.PI * x)) / 2),
            _ => start * Math.Pow(peak / start, x),
        };
    }

    [Theory]
    [InlineData(WarmupShape.Linear, 0.0)]
    [InlineData(WarmupShape.Linear, 0.01)]
    [InlineData(WarmupShape.Cosine, 0.0)]
    [InlineData(WarmupShape.Cosine, 0.5)]
    [InlineData(WarmupShape.Exponential, 1e-4)]
    [InlineData(WarmupShape.Exponential, 1.0)]
    public void Follows_the_documented_formula(WarmupShape shape, double start)
    {
        const long W = 37;
        var s = new WarmupSchedule(Decay, W, start, shape);
        for (long step = 0; step <= 200; step++)
        {
            Approx.Equal(s.GetLearningRate(step), Expected(Decay, W, start, shape, step), abs: 1e-16, because: "at step " + step);
        }
    }

    [Fact]
    public void Exact_values()
    {
        var linear = new WarmupSchedule(new ConstantSchedule(1), 4);
        linear.GetLearningRate(0).Should().Be(0);
        linear.GetLearningRate(1).Should().Be(0.25);
        linear.GetLearningRate(2).Should().Be(0.5);
        linear.GetLearningRate(3).Should().Be(0.75);
        linear.GetLearningRate(4).Should().Be(1);

        var cosine = new WarmupSchedule(new ConstantSchedule(0.75), 10, 0.25, WarmupShape.Cosine);
        cosine.GetLearningRate(5).Should().Be(0.5);

        var exponential = new WarmupSchedule(new ConstantSchedule(4), 4, 0.25, WarmupShape.Exponential);
        exponential.GetLearningRate(0).Should().Be(0.25);
        Approx.Equal(exponential.GetLearningRate(1), 0.5);
        Approx.Equal(exponential.GetLearningRate(2), 1);
        Approx.Equal(exponential.GetLearningRate(3), 2);
        exponential.GetLearningRate(4).Should().Be(4);
    }

    [Theory]
    [InlineData(WarmupShape.Linear, 0.0)]
    [InlineData(WarmupShape.Linear, 0.088)]
    [InlineData(WarmupShape.Cosine, 0.0)]
    [InlineData(WarmupShape.Cosine, 0.7)]
    [InlineData(WarmupShape.Exponential, 0.001)]
    [InlineData(WarmupShape.Exponential, 3.0)]
    public void Boundaries_are_exact(WarmupShape shape, double start)
    {
        const long W = 50;
        var s = new WarmupSchedule(Decay, W, start, shape);
        s.PeakValue.Should().Be(0.34);
        s.GetLearningRate(0).Should().Be(start);
        s.GetLearningRate(W - 1).Should().NotBe(0.34);
        s.GetLearningRate(W).Should().Be(0.34);
        s.GetLearningRate(W + 1).Should().Be(Decay.GetLearningRate(1));
        s.GetLearningRate(W + 100).Should().Be(0.088);
    }

    [Theory]
    [InlineData(WarmupShape.Linear)]
    [InlineData(WarmupShape.Cosine)]
    [InlineData(WarmupShape.Exponential)]
    public void Zero_warmup_steps_give_the_schedule_unchanged(WarmupShape shape)
    {
        var s = new WarmupSchedule(Decay, 0, 0, shape); // start 0 is fine for an exponential warmup of length 0
        foreach (long step in ScheduleChecks.SweepSteps(100))
        {
            s.GetLearningRate(step).Should().Be(Decay.GetLearningRate(step));
        }
    }

    [Fact]
    public void Wrapping_a_composite()
    {
        var inner = new SequenceSchedule(
            new SchedulePhase(new HoldSchedule(new ConstantSchedule(0.5), 5), 20),
            new SchedulePhase(new CosineSchedule(0.5, 80, 0.005)));
        var s = new WarmupSchedule(inner, 10, 0.05, WarmupShape.Cosine);
        s.PeakValue.Should().Be(0.5);
        s.GetLearningRate(0).Should().Be(0.05);
        s.GetLearningRate(10).Should().Be(0.5);
        s.GetLearningRate(29).Should().Be(0.5);
        s.GetLearningRate(30).Should().Be(0.5);
        s.GetLearningRate(31).Should().Be(inner.GetLearningRate(21));
        s.GetLearningRate(110).Should().Be(0.005);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.005);
        }

        var nested = new WarmupSchedule(new WarmupSchedule(new ConstantSchedule(1), 4), 4, 0.5);
        nested.PeakValue.Should().Be(0);
        nested.GetLearningRate(2).Should().Be(0.25);
        nested.GetLearningRate(4).Should().Be(0);
        nested.GetLearningRate(6).Should().Be(0.5);
        nested.GetLearningRate(8).Should().Be(1);
    }

    [Fact]
    public void A_custom_schedule_can_be_wrapped()
    {
        var inner = new CustomSchedule(2);
        var s = new WarmupSchedule(inner, 4, 1, WarmupShape.Exponential);
        s.PeakValue.Should().Be(2);
        s.GetLearningRate(4).Should().Be(2);
        s.GetLearningRate(5).Should().Be(1);
        ScheduleChecks.AssertEvaluateMatchesPointwise(s, 4);
    }

    [Fact]
    public void Far_past_the_warmup_the_wrapped_schedule_rules()
    {
        var s = new WarmupSchedule(new InverseSqrtSchedule(0.1, 100), 1000);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(new InverseSqrtSchedule(0.1, 100).GetLearningRate(step - 1000));
        }

        var endless = new WarmupSchedule(new ConstantSchedule(1), long.MaxValue, 0.5, WarmupShape.Exponential);
        endless.GetLearningRate(long.MaxValue).Should().Be(1);
        endless.GetLearningRate(long.MaxValue - 1).Should().BeInRange(0.5, 1);
        Approx.Equal(endless.GetLearningRate(long.MaxValue / 2), Math.Sqrt(0.5), rel: 1e-15);
    }

    [Theory]
    [InlineData(1e-300, 1e10)]
    [InlineData(double.Epsilon, 1.0)]
    [InlineData(double.Epsilon, double.MaxValue)]
    [InlineData(1e-10, double.MaxValue)]
    [InlineData(1e300, 1e-300)]
    [InlineData(double.MaxValue, double.Epsilon)]
    public void An_exponential_warmup_between_extreme_values_stays_finite(double start, double peak)
    {
        const long W = 10;
        var s = new WarmupSchedule(new ConstantSchedule(peak), W, start, WarmupShape.Exponential);
        s.GetLearningRate(0).Should().Be(start);
        s.GetLearningRate(W).Should().Be(peak);
        double previous = start;
        for (long step = 1; step < W; step++)
        {
            double v = s.GetLearningRate(step);
            double.IsFinite(v).Should().BeTrue("step {0} gives {1}", step, v);
            v.Should().BeInRange(Math.Min(start, peak), Math.Max(start, peak), "step {0}", step);
            if (peak > start)
            {
                v.Should().BeGreaterThanOrEqualTo(previous);
            }
            else
            {
                v.Should().BeLessThanOrEqualTo(previous);
            }

            // start * (peak / start)^x = exp(log(start) + x * (log(peak) - log(start)))
            double x = step / (double)W;
            Approx.Equal(v, Math.Exp(Math.Log(start) + (x * (Math.Log(peak) - Math.Log(start)))), rel: 1e-12, abs: 1e-320);
            previous = v;
        }
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Theory]
    [InlineData(WarmupShape.Linear)]
    [InlineData(WarmupShape.Cosine)]
    [InlineData(WarmupShape.Exponential)]
    public void Values_are_finite_and_non_negative(WarmupShape shape)
    {
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(Decay, 10, 1e-3, shape), 10, 110);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(new ConstantSchedule(double.MaxValue), 7, double.MaxValue / 3, shape), 7);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(new ConstantSchedule(double.MaxValue), 100, 1e-300, shape), 100);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(new ConstantSchedule(1e-300), 100, double.MaxValue, shape), 100);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(Decay, long.MaxValue, 1, shape), long.MaxValue);
        ScheduleChecks.AssertFiniteNonNegative(new WarmupSchedule(Decay, long.MaxValue - 100, 1, shape), long.MaxValue - 100);
    }

    [Theory]
    [InlineData(WarmupShape.Linear)]
    [InlineData(WarmupShape.Cosine)]
    [InlineData(WarmupShape.Exponential)]
    public void Evaluate_matches_GetLearningRate(WarmupShape shape)
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupSchedule(Decay, 50, 0.01, shape), 50, 150);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupSchedule(Decay, 1, 0.01, shape), 1, 101);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupSchedule(Decay, long.MaxValue - 30, 0.01, shape), long.MaxValue - 30);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new WarmupSchedule(new CustomSchedule(), 30, 0.01, shape), 30);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new WarmupSchedule(new CosineSchedule(0.1, 100), 10), new WarmupSchedule(new CosineSchedule(0.1, 100), 10, 0, WarmupShape.Linear));
        ScheduleChecks.AssertAllDistinct(
            new WarmupSchedule(new CosineSchedule(0.1, 100), 10),
            new WarmupSchedule(new CosineSchedule(0.1, 101), 10),
            new WarmupSchedule(new CosineSchedule(0.1, 100), 11),
            new WarmupSchedule(new CosineSchedule(0.1, 100), 10, 0.01),
            new WarmupSchedule(new CosineSchedule(0.1, 100), 10, 0, WarmupShape.Cosine));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new WarmupSchedule(new ConstantSchedule(0.5), 10, 0.25, WarmupShape.Exponential).ToString()
            .Should().Be("warmup(warmup_steps: 10, start_value: 0.25, shape: exponential, schedule: constant(value: 0.5))");
    }

    [Fact]
    public void ToString_does_not_throw_for_a_custom_wrapped_schedule()
    {
        var s = new WarmupSchedule(new CustomSchedule(), 10);
        s.Invoking(x => x.ToString()).Should().NotThrow();
        s.ToString().Should().NotBeNullOrEmpty();
    }
}
