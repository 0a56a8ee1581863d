using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

public class FloorScheduleTests
{
    private static readonly CosineSchedule Decay = new(0.34, 100, 0);

    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("schedule null", () => new FloorSchedule(null!, 0.1), "schedule")
        .OutOfRange("floorValue NaN", () => new FloorSchedule(Decay, double.NaN), "floorValue")
        .OutOfRange("floorValue +inf", () => new FloorSchedule(Decay, double.PositiveInfinity), "floorValue")
        .OutOfRange("floorValue negative", () => new FloorSchedule(Decay, -1e-3), "floorValue")
        .StepArguments(() => new FloorSchedule(Decay, 0.01));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.2)]
    [InlineData(1.0)]
    public void Is_the_maximum_of_the_schedule_and_the_floor(double floor)
    {
        var s = new FloorSchedule(Decay, floor);
        foreach (long step in ScheduleChecks.SweepSteps(100))
        {
            s.GetLearningRate(step).Should().Be(Math.Max(Decay.GetLearningRate(step), floor), "at step {0}", step);
        }
    }

    [Fact]
    public void A_zero_floor_gives_the_schedule_and_minus_zero_is_stored_as_plus_zero()
    {
        var s = new FloorSchedule(new LinearSchedule(1, 0, 10), -0.0);
        BitConverter.DoubleToInt64Bits(s.FloorValue).Should().Be(0);
        BitConverter.DoubleToInt64Bits(s.GetLearningRate(10)).Should().Be(0);
        s.GetLearningRate(5).Should().Be(0.5);
    }

    [Fact]
    public void Span_evaluation_is_bit_identical_to_the_scalar_values()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new FloorSchedule(Decay, 0.05), 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new FloorSchedule(new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, 1, 10), 10), new SchedulePhase(new ExponentialSchedule(1, 0.5, 7))), 0.125), 10);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new FloorSchedule(new CustomSchedule(0.25), 0.5));
    }

    [Fact]
    public void Values_of_a_custom_schedule_are_checked()
    {
        var act = () => new FloorSchedule(new HostileSchedule(double.NaN, 0), 0.1);
        act.Should().Throw<InvalidOperationException>().WithMessage("*NaN*step 0*");
        var late = new FloorSchedule(new HostileSchedule(-1, 5), 0.1);
        late.GetLearningRate(4).Should().Be(0.1);
        ((Action)(() => late.GetLearningRate(5))).Should().Throw<InvalidOperationException>().WithMessage("*-1*step 5*");
        ((Action)(() => late.Evaluate(0, new double[10]))).Should().Throw<InvalidOperationException>();
        ((Action)(() => late.Evaluate(0, new float[10]))).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Phase_boundaries_of_the_wrapped_schedule_are_kept()
    {
        var s = new FloorSchedule(new WarmupSchedule(Decay, 10), 0.01);
        s.GetPhaseBoundaries(0, 100).Should().Equal(10);
    }

    [Fact]
    public void Value_equality_and_spec_round_trip()
    {
        var a = new FloorSchedule(Decay, 0.01);
        ScheduleChecks.AssertValueEqual(a, new FloorSchedule(new CosineSchedule(0.34, 100, 0), 0.01));
        ScheduleChecks.AssertAllDistinct(a, new FloorSchedule(Decay, 0.02), new FloorSchedule(new CosineSchedule(0.34, 101, 0), 0.01));
        string json = ScheduleSpec.ToJson(a);
        json.Should().Be("{\"type\":\"floor\",\"floor_value\":0.01,\"schedule\":{\"type\":\"cosine\",\"initial_value\":0.34,\"final_value\":0,\"decay_steps\":100,\"exponent\":1,\"cycles\":0.5,\"periodic\":false}}");
        ScheduleSpec.Parse(json).Should().Be(a);
        a.ToString().Should().StartWith("floor(");
    }

    [Fact]
    public void The_spec_rejects_a_negative_floor_naming_the_field()
    {
        var act = () => ScheduleSpec.Parse("""{"type":"floor","floor_value":-1,"schedule":{"type":"constant","value":1}}""");
        act.Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.floor_value");
        var missing = () => ScheduleSpec.Parse("""{"type":"floor","schedule":{"type":"constant","value":1}}""");
        missing.Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.floor_value");
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);
}
