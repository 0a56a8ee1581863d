using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

public class ShiftedScheduleTests
{
    private static readonly CosineSchedule Decay = new(0.34, 100, 0.088);

    private static readonly RejectionTable Rejections = new RejectionTable()
        .Null("schedule null", () => new ShiftedSchedule(null!, 3), "schedule")
        .OutOfRange("offset -1", () => new ShiftedSchedule(Decay, -1), "offset")
        .OutOfRange("offset long.MinValue", () => new ShiftedSchedule(Decay, long.MinValue), "offset")
        .StepArguments(() => new ShiftedSchedule(Decay, 7));

    public static TheoryData<string> RejectionNames => Rejections.Names;

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(7L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(250L)]
    public void Runs_the_wrapped_schedule_ahead_by_the_offset(long offset)
    {
        var s = new ShiftedSchedule(Decay, offset);
        for (long step = 0; step <= 300; step++)
        {
            s.GetLearningRate(step).Should().Be(Decay.GetLearningRate(step + offset), "step {0} is the wrapped schedule's step {1}", step, step + offset);
        }
    }

    [Fact]
    public void Step_zero_is_the_wrapped_schedule_at_the_offset()
    {
        new ShiftedSchedule(new LinearSchedule(1, 0, 4), 1).GetLearningRate(0).Should().Be(0.75);
        new ShiftedSchedule(new LinearSchedule(1, 0, 4), 4).GetLearningRate(0).Should().Be(0);
        new ShiftedSchedule(new LinearSchedule(1, 0, 4), 0).GetLearningRate(0).Should().Be(1);
        new ShiftedSchedule(new CustomSchedule(3), 2).GetLearningRate(0).Should().Be(1);
    }

    [Fact]
    public void Offset_zero_gives_the_schedule_unchanged()
    {
        var s = new ShiftedSchedule(Decay, 0);
        foreach (long step in ScheduleChecks.SweepSteps(100))
        {
            s.GetLearningRate(step).Should().Be(Decay.GetLearningRate(step));
        }
    }

    [Fact]
    public void Shifts_add_up()
    {
        var inner = new CosineSchedule(1, 40, 0.1, periodic: true);
        var twice = new ShiftedSchedule(new ShiftedSchedule(inner, 5), 12);
        var once = new ShiftedSchedule(inner, 17);
        foreach (long step in ScheduleChecks.SweepSteps(23, 40))
        {
            if (step <= long.MaxValue - 17)
            {
                twice.GetLearningRate(step).Should().Be(once.GetLearningRate(step), "step {0}", step);
            }
        }
    }

    [Fact]
    public void Steps_past_long_MaxValue_saturate_at_the_wrapped_schedules_last_step()
    {
        // The custom schedule's value differs at every step, so a saturated step is recognisable.
        var inner = new CustomSchedule(1);
        const long Offset = 10;
        var s = new ShiftedSchedule(inner, Offset);
        double last = inner.GetLearningRate(long.MaxValue);
        s.GetLearningRate(long.MaxValue - Offset - 1).Should().Be(inner.GetLearningRate(long.MaxValue - 1));
        s.GetLearningRate(long.MaxValue - Offset).Should().Be(last);
        s.GetLearningRate(long.MaxValue - Offset + 1).Should().Be(last);
        s.GetLearningRate(long.MaxValue).Should().Be(last);

        var extreme = new ShiftedSchedule(new CosineSchedule(1, 1000, cycles: 3, periodic: true), long.MaxValue);
        double end = new CosineSchedule(1, 1000, cycles: 3, periodic: true).GetLearningRate(long.MaxValue);
        foreach (long step in ScheduleChecks.SweepSteps())
        {
            extreme.GetLearningRate(step).Should().Be(end, "every step of a long.MaxValue shift is the last step");
        }
    }

    [Fact]
    public void Far_past_the_horizon()
    {
        var s = new ShiftedSchedule(Decay, 1000);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.088);
        }

        var warm = new ShiftedSchedule(new WarmupSchedule(new InverseSqrtSchedule(0.1, 100), 50), 20);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            double v = warm.GetLearningRate(step);
            double.IsFinite(v).Should().BeTrue();
            v.Should().BeInRange(0, 0.1);
        }
    }

    [Fact]
    public void A_shift_inside_a_warmup_overlaps_it_as_timm_does_without_warmup_prefix()
    {
        // timm without warmup_prefix: the main schedule's clock does not wait for the warmup to end.
        var main = new CosineSchedule(0.1, 50);
        var s = new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, 0.1, 5), 5), new SchedulePhase(new ShiftedSchedule(main, 5)));
        s.GetLearningRate(5).Should().Be(main.GetLearningRate(5));
        s.GetLearningRate(30).Should().Be(main.GetLearningRate(30));
        s.GetLearningRate(50).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public void Rejects_invalid_argument(string @case) => Rejections.Verify(@case);

    [Fact]
    public void Values_are_finite_and_non_negative()
    {
        ScheduleChecks.AssertFiniteNonNegative(new ShiftedSchedule(Decay, 7), 93, 100);
        ScheduleChecks.AssertFiniteNonNegative(new ShiftedSchedule(Decay, long.MaxValue), 0);
        ScheduleChecks.AssertFiniteNonNegative(new ShiftedSchedule(new CustomSchedule(), long.MaxValue - 100), 100);
    }

    [Fact]
    public void Evaluate_matches_GetLearningRate()
    {
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ShiftedSchedule(Decay, 7), 93, 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ShiftedSchedule(Decay, 0), 100);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ShiftedSchedule(new CustomSchedule(), 10), long.MaxValue - 10);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ShiftedSchedule(new CustomSchedule(), long.MaxValue - 35), 35);
        ScheduleChecks.AssertEvaluateMatchesPointwise(new ShiftedSchedule(new CustomSchedule(), long.MaxValue), 0);
        ScheduleChecks.AssertEvaluateMatchesPointwise(
            new ShiftedSchedule(new SequenceSchedule(new SchedulePhase(new ConstantSchedule(1), 20), new SchedulePhase(Decay)), 15),
            5,
            105);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        ScheduleChecks.AssertValueEqual(new ShiftedSchedule(new CosineSchedule(0.1, 100), 7), new ShiftedSchedule(new CosineSchedule(0.1, 100), 7));
        ScheduleChecks.AssertAllDistinct(
            new ShiftedSchedule(new CosineSchedule(0.1, 100), 7),
            new ShiftedSchedule(new CosineSchedule(0.1, 100), 8),
            new ShiftedSchedule(new CosineSchedule(0.2, 100), 7),
            new ShiftedSchedule(new ConstantSchedule(0.1), 7));
    }

    [Fact]
    public void ToString_is_the_invariant_function_call_form()
    {
        using var culture = CultureScope.German();
        new ShiftedSchedule(new ConstantSchedule(0.5), 7).ToString().Should().Be("shift(offset: 7, schedule: constant(value: 0.5))");
        new ShiftedSchedule(new CustomSchedule(), 7).Invoking(s => s.ToString()).Should().NotThrow();
    }
}
