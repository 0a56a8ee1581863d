using LrSchedules.Internal;

namespace LrSchedules.Composition;

/// <summary>
/// A schedule whose clock runs ahead by a fixed offset: <c>lr(step) = Schedule(step + Offset)</c>. Use it to start a
/// schedule part-way through (a schedule that overlaps a warmup, as timm does without <c>warmup_prefix</c>; HF's
/// off-by-one warmups; resuming inside a phase).
/// </summary>
/// <remarks>
/// <para>Steps whose shifted value would pass <c>long.MaxValue</c> evaluate the wrapped schedule at <c>long.MaxValue</c>.
/// Values of a custom (non-library) wrapped schedule are checked: NaN, an infinity or a negative value throws
/// <see cref="InvalidOperationException"/> naming it, the step and the value. Immutable and thread-safe if the wrapped
/// schedule is. Spec type: <c>shift</c>.</para>
/// </remarks>
public sealed record ShiftedSchedule : LearningRateSchedule
{
    /// <summary>Creates a shifted schedule.</summary>
    /// <param name="schedule">The schedule to shift; not null.</param>
    /// <param name="offset">Steps to skip at the start of <paramref name="schedule"/>; in <c>[0, long.MaxValue]</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    public ShiftedSchedule(ILearningRateSchedule schedule, long offset)
    {
        Schedule = Guard.NotNull(schedule, nameof(schedule));
        Offset = Guard.NonNegative(offset, nameof(offset));
    }

    /// <summary>The schedule being shifted.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>Steps skipped at the start of <see cref="Schedule"/>.</summary>
    public long Offset { get; }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
        => AddNested(Schedule, origin - Offset, min, max, min, max, boundaries);

    internal override double ValueAt(long step) => InnerSchedule.GetLearningRate(Schedule, Shift(step));

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSegments(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSegments(firstStep, destination);

    // Stryker disable once Equality : equivalent, at step = long.MaxValue - Offset both branches give long.MaxValue.
    private long Shift(long step) => step > long.MaxValue - Offset ? long.MaxValue : step + Offset;

    private void EvaluateSegments<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        // Elements whose shifted step stays representable form one contiguous segment; the rest saturate.
        long lastUnsaturated = long.MaxValue - Offset;
        // Stryker disable once Equality : equivalent, at firstStep = lastUnsaturated the segment of one step evaluates the schedule at long.MaxValue, the value the fill writes.
        int n = firstStep > lastUnsaturated ? 0 : (int)Math.Min(destination.Length - 1, lastUnsaturated - firstStep) + 1;
        if (n > 0)
        {
            // Only then is firstStep + Offset representable.
            Segments.Evaluate(Schedule, firstStep + Offset, destination[..n]);
        }

        if (n < destination.Length)
        {
            Segments.Fill(destination[n..], InnerSchedule.GetLearningRate(Schedule, long.MaxValue));
        }
    }
}
