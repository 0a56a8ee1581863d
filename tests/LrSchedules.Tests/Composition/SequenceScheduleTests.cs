using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

public class SequenceScheduleTests
{
    private static readonly LinearSchedule Ramp = new(0, 1, 10);
    private static readonly CosineSchedule Decay = new(1, 90, 0.01);
    private static readonly ConstantSchedule Tail = new(0.01);

    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("phases null (IEnumerable)", () => new SequenceSchedule((IEnumerable<SchedulePhase>)null!), "phases")
        .Null("phases null (params array)", () => new SequenceSchedule((SchedulePhase[])null!), "phases")
        .Null("phases containing null", () => new SequenceSchedule(new SchedulePhase(Ramp, 10), null!, new SchedulePhase(Tail)), "phases")
        .Null("phases containing null last", () => new SequenceSchedule(new SchedulePhase(Ramp, 10), null!), "phases")
        .Invalid("phases empty", () => new SequenceSchedule(), "phases")
        .Invalid("phases empty list", () => new SequenceSchedule(new List<SchedulePhase>()), "phases")
        .Invalid("last phase has steps", () => new SequenceSchedule(new SchedulePhase(Ramp, 10), new SchedulePhase(Tail, 5)), "phases")
        .Invalid("single phase has steps", () => new SequenceSchedule(new SchedulePhase(Tail, 5)), "phases")
        .Invalid("middle phase without steps", () => new SequenceSchedule(new SchedulePhase(Ramp, 10), new SchedulePhase(Decay), new SchedulePhase(Tail)), "phases")
        .Invalid("first phase without steps", () => new SequenceSchedule(new SchedulePhase(Ramp), new SchedulePhase(Tail)), "phases")
        .Invalid("total length overflows", () => new SequenceSchedule(new SchedulePhase(Ramp, long.MaxValue), new SchedulePhase(Decay, 1), new SchedulePhase(Tail)), "phases")
        .Invalid("total length overflows by one", () => new SequenceSchedule(new SchedulePhase(Ramp, long.MaxValue / 2), new SchedulePhase(Decay, (long.MaxValue / 2) + 2), new SchedulePhase(Tail)), "phases")
        .Null("SchedulePhase schedule null", () => new SchedulePhase(null!, 10), "schedule")
        .OutOfRange("SchedulePhase steps 0", () => new SchedulePhase(Ramp, 0), "steps")
        .OutOfRange("SchedulePhase steps -1", () => new SchedulePhase(Ramp, -1), "steps")
        .OutOfRange("SchedulePhase steps long.MinValue", () => new SchedulePhase(Ramp, long.MinValue), "steps")
        .OutOfRange("Locate(-1)", () => Standard().Locate(-1), "step")
        .OutOfRange("Locate(long.MinValue)", () => Standard().Locate(long.MinValue), "step")
        .StepArguments(Standard);

    public static TheoryData<string> RejectionNames => Rejections.Names;

    private static SequenceSchedule Standard() => new(new SchedulePhase(Ramp, 10), new SchedulePhase(Decay, 90), new SchedulePhase(Tail));

    [Fact]
    public void Each_phase_runs_on_its_own_clock()
    {
        var s = Standard();
        s.PhaseStarts.Should().Equal(0, 10, 100);
        for (long step = 0; step <= 200; step++)
        {
            double expected = step < 10 ? Ramp.GetLearningRate(step) : step < 100 ? Decay.GetLearningRate(step - 10) : Tail.GetLearningRate(step - 100);
            s.GetLearningRate(step).Should().Be(expected, "at step {0}", step);
        }
    }

    [Fact]
    public void Switches_exactly_at_the_boundaries()
    {
        var s = new SequenceSchedule(new SchedulePhase(new ConstantSchedule(1), 10), new SchedulePhase(new ConstantSchedule(2), 90), new SchedulePhase(new LinearSchedule(3, 0, 10)));
        s.GetLearningRate(0).Should().Be(1);
        s.GetLearningRate(9).Should().Be(1);
        s.GetLearningRate(10).Should().Be(2);
        s.GetLearningRate(99).Should().Be(2);
        s.GetLearningRate(100).Should().Be(3);
        s.GetLearningRate(101).Should().Be(2.7);
        s.GetLearningRate(110).Should().Be(0);

        var standard = Standard();
        standard.GetLearningRate(9).Should().Be(0.9);
        standard.GetLearningRate(10).Should().Be(1);
        standard.GetLearningRate(99).Should().Be(Decay.GetLearningRate(89));
        standard.GetLearningRate(100).Should().Be(0.01);
    }

    [Fact]
    public void Locate_finds_the_phase_and_local_step()
    {
        var s = Standard();
        s.Locate(0).Should().Be((0, 0L));
        s.Locate(9).Should().Be((0, 9L));
        s.Locate(10).Should().Be((1, 0L));
        s.Locate(99).Should().Be((1, 89L));
        s.Locate(100).Should().Be((2, 0L));
        s.Locate(long.MaxValue).Should().Be((2, long.MaxValue - 100));

        var single = new SequenceSchedule(new SchedulePhase(Tail));
        single.PhaseStarts.Should().Equal(0);
        single.Locate(long.MaxValue).Should().Be((0, long.MaxValue));
    }

    [Fact]
    public void Phases_may_fill_the_whole_step_range()
    {
        var s = new SequenceSchedule(new SchedulePhase(new ConstantSchedule(1), long.MaxValue - 5), new SchedulePhase(new ConstantSchedule(2), 5), new SchedulePhase(new ConstantSchedule(3)));
        s.PhaseStarts.Should().Equal(0, long.MaxValue - 5, long.MaxValue);
        s.GetLearningRate(long.MaxValue - 6).Should().Be(1);
        s.GetLearningRate(long.MaxValue - 5).Should().Be(2);
        s.GetLearningRate(long.MaxValue - 1).Should().Be(2);
        s.GetLearningRate(long.MaxValue).Should().Be(3);
        s.Locate(long.MaxValue).Should().Be((2, 0L));
        ScheduleChecks.AssertEvaluateMatchesPointwise(s, long.MaxValue - 5, long.MaxValue);

        var one = new SequenceSchedule(new SchedulePhase(new ConstantSchedule(1), long.MaxValue), new SchedulePhase(new ConstantSchedule(3)));
        one.GetLearningRate(long.MaxValue - 1).Should().Be(1);
        one.GetLearningRate(long.MaxValue).Should().Be(3);
    }

    [Fact]
    public void Far_past_all_boundaries_the_last_phase_rules()
    {
        var s = new SequenceSchedule(new SchedulePhase(Ramp, 10), new SchedulePhase(new InverseSqrtSchedule(1, 100)));
        var cosineTail = new SequenceSchedule(new SchedulePhase(Ramp, 10), new SchedulePhase(Decay));
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(new InverseSqrtSchedule(1, 100).GetLearningRate(step - 10));
            cosineTail.GetLearningRate(step).Should().Be(0.01);
            Standard().GetLearningRate(step).Should().Be(0.01);
        }
    }

    [Fact]
    public void Nested_sequences_and_custom_phases()
    {
        var inner = new SequenceSchedule(new SchedulePhase(new ConstantSchedule(1), 3), new SchedulePhase(new CustomSchedule(0.5)));
        var s = new SequenceSchedule(new SchedulePhase(inner, 5), new SchedulePhase(new SequenceSchedule(new SchedulePhase(new ConstantSchedule(0.125)))));
        s.GetLearningRate(2).Should().Be(1);
        s.GetLearningRate(3).Should().Be(0.5);
        s.GetLearningRate(4).Should().Be(0.25);
        s.GetLearningRate(5).Should().Be(0.125);
        ScheduleChecks.AssertEvaluateMatchesPointwise(s, 3, 5);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(Standard(), 10, 100);
        ScheduleChecks.AssertFiniteNonNegative(
            new SequenceSchedule(new SchedulePhase(new ConstantSchedule(double.MaxValue), 1L << 31), new SchedulePhase(new ExponentialSchedule(double.MaxValue, 0.5, 1), (1L << 53) - (1L << 31)), new SchedulePhase(new CosineSchedule(1, 7, 0, 1, 3, true))),
            1L << 31,
            1L << 53);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(Standard(), 10, 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(
            new SequenceSchedule(new SchedulePhase(Ramp, 1), new SchedulePhase(Decay, 1), new SchedulePhase(Ramp, 2), new SchedulePhase(new ConstantSchedule(0.3), 1), new SchedulePhase(Decay)),
            1,
            2,
            4,
            5);
    }

    [Fact]
    public void Equality_compares_phases_by_content()
    {
        SchedulePhase[] a = [new(new LinearSchedule(0, 1, 10), 10), new(new CosineSchedule(1, 90))];
        SchedulePhase[] b = [new(new LinearSchedule(0, 1, 10), 10), new(new CosineSchedule(1, 90))];
        ScheduleChecks.AssertValueEqual(new SequenceSchedule(a), new SequenceSchedule(b));
        ScheduleChecks.AssertValueEqual(new SequenceSchedule(a), new SequenceSchedule(b.ToList()));
        ScheduleChecks.AssertValueEqual(new SchedulePhase(Tail, 3), new SchedulePhase(new ConstantSchedule(0.01), 3));
        ScheduleChecks.AssertAllDistinct(
            new SequenceSchedule(a),
            new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, 1, 10), 11), new SchedulePhase(new CosineSchedule(1, 90))),
            new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, 1, 9), 10), new SchedulePhase(new CosineSchedule(1, 90))),
            new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, 1, 10), 10), new SchedulePhase(new CosineSchedule(1, 91))),
            new SequenceSchedule(new SchedulePhase(new CosineSchedule(1, 90))));
        ScheduleChecks.AssertAllDistinct(new SchedulePhase(Tail, 3), new SchedulePhase(Tail, 4), new SchedulePhase(Tail), new SchedulePhase(Ramp, 3));
    }

    [Fact]
    public void The_phases_are_copied()
    {
        SchedulePhase[] phases = [new(Ramp, 10), new(Tail)];
        var s = new SequenceSchedule(phases);
        phases[0] = new SchedulePhase(Decay, 10);
        s.Phases[0].Schedule.Should().Be(Ramp);
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, 0.5, 10), 10), new SchedulePhase(new ConstantSchedule(0.5))).ToString()
            .Should().Be("sequence(phases: [{steps: 10, schedule: linear(initial_value: 0, final_value: 0.5, transition_steps: 10, transition_begin: 0)}, {schedule: constant(value: 0.5)}])");
    }

    [Fact]
    public void ToString_does_not_throw_for_a_custom_phase()
    {
        var s = new SequenceSchedule(new SchedulePhase(new CustomSchedule(), 10), new SchedulePhase(Tail));
        s.Invoking(x => x.ToString()).Should().NotThrow();
        new SchedulePhase(new CustomSchedule()).Invoking(x => x.ToString()).Should().NotThrow();
    }
}
