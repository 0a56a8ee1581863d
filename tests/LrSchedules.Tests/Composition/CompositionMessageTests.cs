using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using Xunit;

namespace LrSchedules.Tests.Composition;

/// <summary>
/// The exact message of every rejection a combinator makes (what a user reads in IntelliSense-driven code), and the
/// boundaries the Stryker.NET run of Composition/ showed no test held (docs/reliability.md, mutation testing).
/// </summary>
public sealed class CompositionMessageTests
{
    private static readonly ConstantSchedule Tenth = new(0.1);

    [Fact]
    public void Sequence_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new SequenceSchedule(), "phases must contain at least one phase; got none.");
        Rejects<ArgumentNullException>(() => new SequenceSchedule(new SchedulePhase(Tenth, 5), null!), "phases must not contain null.");
        Rejects<ArgumentException>(() => new SequenceSchedule(new SchedulePhase(Tenth, 5), new SchedulePhase(Tenth, 7)),
            "phases must end with an open-ended phase (no steps), because the last phase runs forever; the last phase has steps = 7.");
        Rejects<ArgumentException>(() => new SequenceSchedule(new SchedulePhase(Tenth, 5), new SchedulePhase(Tenth), new SchedulePhase(Tenth)),
            "phases must give steps for every phase but the last; phase 1 has none.");
        Rejects<ArgumentException>(() => new SequenceSchedule(new SchedulePhase(Tenth, long.MaxValue - 1), new SchedulePhase(Tenth, 2), new SchedulePhase(Tenth)),
            "phases must have a total length of at most long.MaxValue steps.");
        FluentActions.Invoking(() => new SequenceSchedule(new SchedulePhase(Tenth, long.MaxValue - 2), new SchedulePhase(Tenth, 2), new SchedulePhase(Tenth)))
            .Should().NotThrow("a total of exactly long.MaxValue steps is allowed");
    }

    [Fact]
    public void Sequence_spans_cross_phase_starts_and_inner_boundaries_as_the_scalar_path_does()
    {
        // A phase's own schedule has boundaries (a multi-step) that fall inside the span; the span must switch exactly
        // where GetLearningRate does, at the phase start and at each inner boundary (relative to the phase's origin).
        var sequence = new SequenceSchedule(
            new SchedulePhase(new MultiStepSchedule(0.1, [3, 7], 0.5), 10),
            new SchedulePhase(new MultiStepSchedule(0.08, [2, 5], 0.5), 9),
            new SchedulePhase(new LinearSchedule(0.02, 0, 6)));
        for (long first = 0; first < 30; first++)
        {
            var span = new double[12];
            sequence.Evaluate(first, span);
            for (int k = 0; k < span.Length; k++)
            {
                span[k].Should().Be(sequence.GetLearningRate(first + k), "span from {0}, step {1}", first, first + k);
            }
        }
    }

    [Fact]
    public void Hold_and_warmup_spans_cross_inner_boundaries_as_the_scalar_path_does()
    {
        var inner = new MultiStepSchedule(0.1, [2, 5, 9], 0.5);
        ILearningRateSchedule[] schedules =
        [
            new HoldSchedule(inner, 4),
            new HoldSchedule(inner, 0),
            new WarmupSchedule(inner, 4),
            new WarmupSchedule(inner, 0),
            new WarmupSchedule(new ConstantSchedule(0.1), 6, 0.1),
            new WarmupSchedule(new ConstantSchedule(0.1), 6, 0.3, WarmupShape.OneMinusSqrt),
            new WarmupSchedule(new ConstantSchedule(0.1), 6, 0.1, WarmupShape.OneMinusSqrt),
            new WarmupSchedule(new ConstantSchedule(0.1), 6, 0.3, WarmupShape.Cosine),
            new WarmupSchedule(new ConstantSchedule(0.1), 7, 0.3, WarmupShape.Cosine),
        ];
        foreach (var schedule in schedules)
        {
            for (long first = 0; first < 16; first++)
            {
                var span = new double[10];
                schedule.Evaluate(first, span);
                for (int k = 0; k < span.Length; k++)
                {
                    span[k].Should().Be(schedule.GetLearningRate(first + k), "{0} span from {1}, step {2}", schedule, first, first + k);
                }
            }
        }
    }

    [Fact]
    public void Warmup_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentException>(() => new WarmupSchedule(Tenth, 5, 0, (WarmupShape)99), "shape must be Linear, Cosine, Exponential, OneMinusSqrt or Logarithmic; got 99.");
        Rejects<ArgumentOutOfRangeException>(() => new WarmupSchedule(Tenth, 5, 0, WarmupShape.Exponential), "startValue must be a finite number in (0, +inf) for an exponential warmup; got 0.");
        Rejects<ArgumentException>(() => new WarmupSchedule(new ConstantSchedule(0), 5, 0.01, WarmupShape.Exponential), "schedule must start above 0 for an exponential warmup; its value at step 0 is 0.");
    }

    [Fact]
    public void A_warmup_from_its_peak_is_flat_and_a_falling_one_falls()
    {
        // start == peak: neither rising nor falling; every shape gives the peak at every step.
        foreach (var shape in Enum.GetValues<WarmupShape>())
        {
            var flat = new WarmupSchedule(Tenth, 8, 0.1, shape);
            var span = new double[12];
            flat.Evaluate(0, span);
            span.Should().OnlyContain(v => v == 0.1, "shape {0}", shape);
        }

        var falling = new WarmupSchedule(Tenth, 4, 0.4, WarmupShape.OneMinusSqrt);
        falling.GetLearningRate(0).Should().Be(0.4);
        falling.GetLearningRate(2).Should().BeInRange(0.1, 0.4);
        falling.GetLearningRate(4).Should().Be(0.1);
    }

    [Fact]
    public void Scale_and_fork_rejections_say_what_is_wrong()
    {
        Rejects<ArgumentOutOfRangeException>(() => new ScaledSchedule(new ConstantSchedule(1e300), 1e10), "factor must keep the scaled values finite; factor * schedule(0) overflows.");
        var decayedToZero = new SequenceSchedule(new SchedulePhase(Tenth, 10), new SchedulePhase(new ConstantSchedule(0)));
        Rejects<ArgumentException>(() => ContinualPretraining.ForkAnneal(decayedToZero, 12, 5, 0.01, DecayShape.Exponential),
            "schedule must be above 0 at branchStep for a geometric (exponential) anneal; its value at step 12 is 0.");
    }

    [Fact]
    public void Shift_saturates_exactly_at_long_MaxValue()
    {
        var inner = new LinearSchedule(1, 0, long.MaxValue);
        var shifted = new ShiftedSchedule(inner, 10);
        shifted.GetLearningRate(long.MaxValue - 10).Should().Be(inner.GetLearningRate(long.MaxValue));
        shifted.GetLearningRate(long.MaxValue - 11).Should().Be(inner.GetLearningRate(long.MaxValue - 1));
        var span = new double[3];
        shifted.Evaluate(long.MaxValue - 12, span);
        span.Should().Equal(inner.GetLearningRate(long.MaxValue - 2), inner.GetLearningRate(long.MaxValue - 1), inner.GetLearningRate(long.MaxValue));
    }

    private static void Rejects<T>(Func<object> create, string message)
        where T : ArgumentException
        => FluentActions.Invoking(create).Should().ThrowExactly<T>().Which.Message.Should().StartWith(message);
}
