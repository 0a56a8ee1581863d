using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

public class ProductScheduleTests
{
    private static readonly CosineSchedule Decay = new(0.34, 100, 0.088);
    private static readonly LinearSchedule Ramp = new(0, 1, 10);

    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("schedule null", () => new ProductSchedule(null!, Ramp), "schedule")
        .Null("multiplier null", () => new ProductSchedule(Decay, null!), "multiplier")
        .StepArguments(() => new ProductSchedule(Decay, Ramp));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Fact]
    public void Is_the_IEEE_product_of_the_two_values_at_the_same_step()
    {
        var s = new ProductSchedule(Decay, Ramp);
        foreach (long step in ScheduleChecks.SweepSteps(10, 100))
        {
            s.GetLearningRate(step).Should().Be(Decay.GetLearningRate(step) * Ramp.GetLearningRate(step), "at step {0}", step);
        }
    }

    [Fact]
    public void Big_vision_warmup_times_decay_times_cooldown()
    {
        // lr * cos-decay(progress) * min(1, k / W) * min(1, (T - k) / C) with T = 100, W = 10, C = 20.
        var decay = new HoldSchedule(new CosineSchedule(0.1, 90), 10);
        var s = new ProductSchedule(new ProductSchedule(decay, new LinearSchedule(0, 1, 10)), new LinearSchedule(1, 0, 20, 80));
        s.GetLearningRate(0).Should().Be(0);
        s.GetLearningRate(5).Should().Be(0.1 * 0.5);
        s.GetLearningRate(10).Should().Be(0.1);
        s.GetLearningRate(90).Should().BeApproximately(0.1 * 0.5 * (1 + Math.Cos(Math.PI * 80 / 90)) * 0.5, 1e-16);
        s.GetLearningRate(100).Should().Be(0);
        s.GetLearningRate(long.MaxValue).Should().Be(0);
    }

    [Fact]
    public void Overflowing_products_saturate_at_double_MaxValue_and_zero_times_anything_is_positive_zero()
    {
        var s = new ProductSchedule(new ConstantSchedule(1e300), new LinearSchedule(0, 1e300, 10));
        s.GetLearningRate(0).Should().Be(0);
        double.IsNegative(s.GetLearningRate(0)).Should().BeFalse();
        s.GetLearningRate(10).Should().Be(double.MaxValue);
        var span = new double[20];
        s.Evaluate(0, span);
        span[0].Should().Be(0);
        span[10..].Should().AllSatisfy(v => v.Should().Be(double.MaxValue));
        var floats = new float[20];
        s.Evaluate(0, floats);
        floats[1..].Should().AllSatisfy(v => v.Should().Be(float.MaxValue));
        ScheduleChecks.AssertFiniteNonNegative(new ProductSchedule(new ConstantSchedule(double.MaxValue), new ConstantSchedule(double.MaxValue)), 0);
    }

    [Fact]
    public void A_custom_negative_zero_is_read_as_positive_zero()
    {
        var s = new ProductSchedule(new HostileSchedule(-0.0, 0), new ConstantSchedule(2));
        double.IsNegative(s.GetLearningRate(3)).Should().BeFalse();
        var span = new double[5];
        s.Evaluate(0, span);
        span.Should().AllSatisfy(v => double.IsNegative(v).Should().BeFalse());
    }

    [Fact]
    public void A_custom_schedule_returning_NaN_is_named()
    {
        var s = new ProductSchedule(new ConstantSchedule(1), new HostileSchedule(double.NaN, 5));
        s.Invoking(x => x.GetLearningRate(5)).Should().Throw<InvalidOperationException>().WithMessage("*HostileSchedule*step 5*");
        s.Invoking(x => x.Evaluate(0, new double[10])).Should().Throw<InvalidOperationException>().WithMessage("*step 5*");
        FluentActions.Invoking(() => new ProductSchedule(new HostileSchedule(double.PositiveInfinity, 0), Ramp)).Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ProductSchedule(Decay, Ramp), 10, 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ProductSchedule(new RestartsSchedule(0.1, 7, 2), new CosineSchedule(1, 3000)), 7, 21, 3000);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ProductSchedule(new CustomSchedule(), Ramp), 10);
    }

    [Fact]
    public void Spans_longer_than_a_chunk_are_bit_identical()
    {
        var s = new ProductSchedule(new CosineSchedule(0.1, 5000), new LinearSchedule(0, 1, 3000));
        var span = new double[4500];
        s.Evaluate(17, span);
        for (int i = 0; i < span.Length; i++)
        {
            span[i].Should().Be(s.GetLearningRate(17 + i));
        }
    }

    [Fact]
    public void Deeply_nested_products_evaluate_spans_bit_identically()
    {
        ILearningRateSchedule s = new CosineSchedule(0.1, 3000, 0.001);
        for (int i = 0; i < 30; i++)
        {
            s = new ProductSchedule(s, new LinearSchedule(1, 0.99, 100 + i));
        }

        var doubles = new double[5000];
        var floats = new float[5000];
        s.Evaluate(3, doubles);
        s.Evaluate(3, floats);
        for (int i = 0; i < doubles.Length; i++)
        {
            doubles[i].Should().Be(s.GetLearningRate(3 + i));
            floats[i].Should().Be((float)s.GetLearningRate(3 + i));
        }
    }

    [Fact]
    public void Phase_boundaries_are_those_of_both_factors()
    {
        var s = new ProductSchedule(new WarmupSchedule(new ConstantSchedule(1), 10), new SequenceSchedule(new SchedulePhase(new ConstantSchedule(1), 30), new SchedulePhase(new ConstantSchedule(0.5))));
        s.GetPhaseBoundaries(0, 100).Should().Equal(10, 30);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new ProductSchedule(new CosineSchedule(0.1, 100), Ramp), new ProductSchedule(new CosineSchedule(0.1, 100), new LinearSchedule(0, 1, 10)));
        ScheduleChecks.AssertAllDistinct(
            new ProductSchedule(new CosineSchedule(0.1, 100), Ramp),
            new ProductSchedule(Ramp, new CosineSchedule(0.1, 100)),
            new ProductSchedule(new CosineSchedule(0.2, 100), Ramp));
    }

    [Fact]
    public void Spec_round_trip_and_ToString()
    {
        var s = new ProductSchedule(new ConstantSchedule(0.5), new LinearSchedule(0, 1, 4));
        ScheduleSpec.Parse(ScheduleSpec.ToJson(s)).Should().Be(s);
        using var culture = CultureScope.German();
        s.ToString().Should().StartWith("product(schedule: constant(value: 0.5), multiplier: linear(");
    }

    [Fact]
    public void Spec_errors_name_the_field()
    {
        FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type": "product", "schedule": {"type": "constant", "value": 1}}"""))
            .Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.multiplier");
        FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type": "product", "schedule": {"type": "constant", "value": -1}, "multiplier": {"type": "constant", "value": 1}}"""))
            .Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.schedule.value");
    }
}
