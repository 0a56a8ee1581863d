using LrSchedules.Internal;

namespace LrSchedules.Composition;

/// <summary>
/// One phase of a <see cref="SequenceSchedule"/>: a schedule that runs for <see cref="Steps"/> steps with its own clock
/// starting at 0, or forever when <see cref="Steps"/> is null (only the last phase).
/// </summary>
/// <remarks>Immutable and thread-safe if the schedule is.</remarks>
public sealed record SchedulePhase
{
    /// <summary>Creates a phase.</summary>
    /// <param name="schedule">The schedule of this phase; not null.</param>
    /// <param name="steps">Length of the phase; in <c>[1, long.MaxValue]</c>, or null for an open-ended last phase.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is outside its range.</exception>
    public SchedulePhase(ILearningRateSchedule schedule, long? steps = null)
    {
        Schedule = Guard.NotNull(schedule, nameof(schedule));
        if (steps is long s)
        {
            Guard.Positive(s, nameof(steps));
        }

        Steps = steps;
    }

    /// <summary>The schedule of this phase.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>The length of the phase, or null if it runs forever.</summary>
    public long? Steps { get; }
}
