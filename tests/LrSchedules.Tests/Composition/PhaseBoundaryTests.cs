using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Composition;

/// <summary><see cref="LearningRateSchedule.GetPhaseBoundaries"/>: where each composite's phases begin, through nesting.</summary>
public sealed class PhaseBoundaryTests
{
    private static readonly CosineSchedule Cosine = new(0.1, 100);

    [Fact]
    public void Warmup_ends_at_its_length()
    {
        new WarmupSchedule(Cosine, 10).GetPhaseBoundaries(0, 1000).Should().Equal(10);
    }

    [Fact]
    public void Warmup_of_zero_steps_and_closed_forms_have_none()
    {
        new WarmupSchedule(Cosine, 0).GetPhaseBoundaries(0, 1000).Should().BeEmpty();
        Cosine.GetPhaseBoundaries(0, 1000).Should().BeEmpty();
        new RestartsSchedule(0.1, 10).GetPhaseBoundaries(0, 1000).Should().BeEmpty();
        new OneCycleSchedule(0.1, 100).GetPhaseBoundaries(0, 1000).Should().BeEmpty();
    }

    [Fact]
    public void A_warmup_or_hold_of_zero_steps_reports_the_boundaries_of_the_schedule_it_wraps()
    {
        // No phase of its own, but the wrapped schedule's phases still begin where they do (lrs plot marks them).
        new WarmupSchedule(new HoldSchedule(Cosine, 10), 0).GetPhaseBoundaries(0, 1000).Should().Equal(10);
        new HoldSchedule(new WarmupSchedule(Cosine, 10), 0).GetPhaseBoundaries(0, 1000).Should().Equal(10);
        new ShiftedSchedule(new HoldSchedule(new WarmupSchedule(Cosine, 30), 0), 5).GetPhaseBoundaries(0, 1000).Should().Equal(25);
    }

    [Fact]
    public void Sequence_reports_every_phase_start_but_the_first_and_nested_boundaries_while_their_phase_runs()
    {
        var schedule = new SequenceSchedule(
            new SchedulePhase(new WarmupSchedule(Cosine, 3), 5),
            new SchedulePhase(new WarmupSchedule(Cosine, 4), 20),
            new SchedulePhase(new WarmupSchedule(Cosine, 50), 10), // its warmup would end at 25 + 50, but the next phase starts at 35
            new SchedulePhase(new HoldSchedule(Cosine, 7)));

        schedule.GetPhaseBoundaries(0, 1000).Should().Equal(3, 5, 9, 25, 35, 42);
    }

    [Fact]
    public void The_window_is_inclusive_and_step_0_is_never_a_boundary()
    {
        var schedule = new SequenceSchedule(new SchedulePhase(Cosine, 5), new SchedulePhase(Cosine, 5), new SchedulePhase(Cosine));

        schedule.GetPhaseBoundaries(0, 1000).Should().Equal(5, 10);
        schedule.GetPhaseBoundaries(5, 10).Should().Equal(5, 10);
        schedule.GetPhaseBoundaries(6, 9).Should().BeEmpty();
        schedule.GetPhaseBoundaries(10, 10).Should().Equal(10);
        schedule.GetPhaseBoundaries(0, 0).Should().BeEmpty();
        schedule.GetPhaseBoundaries(7, 6).Should().BeEmpty();
    }

    [Fact]
    public void Shift_moves_boundaries_earlier_and_drops_those_at_or_before_its_start()
    {
        var sequence = new SequenceSchedule(new SchedulePhase(Cosine, 5), new SchedulePhase(Cosine, 5), new SchedulePhase(Cosine));

        new ShiftedSchedule(sequence, 3).GetPhaseBoundaries(0, 1000).Should().Equal(2, 7);
        new ShiftedSchedule(sequence, 5).GetPhaseBoundaries(0, 1000).Should().Equal(5);
        new ShiftedSchedule(sequence, long.MaxValue).GetPhaseBoundaries(0, long.MaxValue).Should().BeEmpty();
        new WarmupSchedule(new ShiftedSchedule(sequence, 7), 100).GetPhaseBoundaries(0, 1000).Should().Equal(100, 103);
    }

    [Fact]
    public void Scale_hold_and_the_built_schedules_pass_their_phases_through()
    {
        new ScaledSchedule(new WarmupSchedule(Cosine, 8), 0.5).GetPhaseBoundaries(0, 100).Should().Equal(8);
        new HoldSchedule(new WarmupSchedule(Cosine, 8), 4).GetPhaseBoundaries(0, 100).Should().Equal(4, 12);
        new WarmupStableDecaySchedule(0.1, 10, 50, 40, 1e-3).GetPhaseBoundaries(0, 1000).Should().Equal(10, 60);
        new InfiniteSchedule(1e-3, 5, 10, 1e-4, 30, 10, 1e-5).GetPhaseBoundaries(0, 1000).Should().Equal(5, 15, 45);
    }

    [Fact]
    public void Boundaries_are_where_the_next_phase_takes_over()
    {
        var schedule = (LearningRateSchedule)ScheduleSpec.Parse(
            """{"type":"sequence","phases":[{"steps":5,"schedule":{"type":"constant","value":0.1}},{"steps":10,"schedule":{"type":"constant","value":0.2}},{"schedule":{"type":"constant","value":0.3}}]}""");

        foreach (long b in schedule.GetPhaseBoundaries(0, 100))
        {
            schedule.GetLearningRate(b).Should().NotBe(schedule.GetLearningRate(b - 1), "step {0} starts a new phase", b);
        }

        schedule.GetPhaseBoundaries(0, 100).Should().Equal(5, 15);
    }

    [Fact]
    public void Custom_and_torch_schedules_inside_have_none()
    {
        new WarmupSchedule(new CustomSchedule(), 6).GetPhaseBoundaries(0, 100).Should().Equal(6);
        var torch = (LearningRateSchedule)ScheduleSpec.Parse("""{"type":"torch.StepLR","lr":0.1,"args":{"step_size":3}}""");
        torch.GetPhaseBoundaries(0, 100).Should().BeEmpty();
    }

    [Fact]
    public void Phases_near_long_MaxValue_do_not_overflow()
    {
        var schedule = new SequenceSchedule(new SchedulePhase(Cosine, long.MaxValue - 1), new SchedulePhase(new WarmupSchedule(Cosine, 5)));

        schedule.GetPhaseBoundaries(0, long.MaxValue).Should().Equal(long.MaxValue - 1);
        new WarmupSchedule(new WarmupSchedule(Cosine, long.MaxValue), long.MaxValue).GetPhaseBoundaries(0, long.MaxValue).Should().Equal(long.MaxValue);
    }

    [Fact]
    public void Arguments_are_validated()
    {
        var schedule = new WarmupSchedule(Cosine, 10);

        schedule.Invoking(s => s.GetPhaseBoundaries(-1, 10)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
        schedule.Invoking(s => s.GetPhaseBoundaries(5, 3)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("lastStep");
    }
}
