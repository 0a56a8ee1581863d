using LrSchedules.Internal;

namespace LrSchedules.Composition;

/// <summary>
/// Holds a schedule's first value for <see cref="HoldSteps"/> steps, then runs the schedule with its own clock starting
/// at 0 when the hold ends (the "hold" of warmup-hold-decay recipes).
/// </summary>
/// <remarks>
/// <para><c>lr(step) = Schedule(0)</c> for <c>step &lt; HoldSteps</c>, else <c>Schedule(step - HoldSteps)</c>.</para>
/// <para><c>HoldSteps = 0</c> gives the schedule unchanged. Values of a custom (non-library) wrapped schedule are checked:
/// NaN, an infinity or a negative value throws <see cref="InvalidOperationException"/> naming it, the step and the value.
/// Immutable and thread-safe if the wrapped schedule is. Spec type: <c>hold</c>.</para>
/// </remarks>
public sealed record HoldSchedule : LearningRateSchedule
{
    /// <summary>Creates a hold in front of <paramref name="schedule"/>.</summary>
    /// <param name="schedule">The schedule to hold and then run; not null.</param>
    /// <param name="holdSteps">Steps to hold its first value; in <c>[0, long.MaxValue]</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="holdSteps"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">A custom <paramref name="schedule"/> returned NaN, an infinity or a negative value at step 0.</exception>
    public HoldSchedule(ILearningRateSchedule schedule, long holdSteps)
    {
        Schedule = Guard.NotNull(schedule, nameof(schedule));
        HoldSteps = Guard.NonNegative(holdSteps, nameof(holdSteps));
        HeldValue = InnerSchedule.GetLearningRate(schedule, 0);
    }

    /// <summary>The schedule held and then run.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>The number of steps its first value is held.</summary>
    public long HoldSteps { get; }

    /// <summary>The value held: the schedule's value at its step 0.</summary>
    public double HeldValue { get; }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
    {
        // Stryker disable once Equality : equivalent, a phase of zero steps adds a boundary only at its own start, the start of the enclosing phase (already a boundary) or step 0 (never reported), and then the same nested boundaries.
        if (HoldSteps > 0)
        {
            AddPhase(origin, HoldSteps, null, Schedule, min, max, boundaries);
        }
        else
        {
            AddNested(Schedule, origin, min, max, min, max, boundaries);
        }
    }

    // Stryker disable once Equality : equivalent, at step = HoldSteps both give the wrapped schedule's value at step 0 (HeldValue is that value).
    internal override double ValueAt(long step) => step < HoldSteps ? HeldValue : InnerSchedule.GetLearningRate(Schedule, step - HoldSteps);

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSegments(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSegments(firstStep, destination);

    private void EvaluateSegments<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        int n = Segments.LengthBefore(firstStep, HoldSteps, destination.Length);
        Segments.Fill(destination[..n], HeldValue);
        if (n < destination.Length)
        {
            Segments.Evaluate(Schedule, firstStep + n - HoldSteps, destination[n..]);
        }
    }
}
