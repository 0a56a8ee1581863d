using LrSchedules.Internal;

namespace LrSchedules.Composition;

/// <summary>
/// A schedule multiplied by a constant factor (a per-group learning-rate multiplier, or a schedule written as a
/// multiplier of a base learning rate, as HF's and PyTorch's <c>LambdaLR</c> factors are).
/// </summary>
/// <remarks>
/// <para><c>lr(step) = Factor * Schedule(step)</c>.</para>
/// <para>A product that would overflow saturates at <see cref="double.MaxValue"/>, so the value is always finite; the
/// constructor rejects factors that already overflow the value at step 0. Values of a custom (non-library) wrapped
/// schedule are checked: NaN, an infinity or a negative value throws <see cref="InvalidOperationException"/> naming it,
/// the step and the value. Immutable and thread-safe if the wrapped schedule is. Spec type: <c>scale</c>.</para>
/// </remarks>
public sealed record ScaledSchedule : LearningRateSchedule
{
    /// <summary>Creates a scaled schedule.</summary>
    /// <param name="schedule">The schedule to scale; not null.</param>
    /// <param name="factor">The multiplier; finite, in <c>[0, +inf)</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is outside its range or overflows the value at step 0.</exception>
    /// <exception cref="InvalidOperationException">A custom <paramref name="schedule"/> returned NaN, an infinity or a negative value at step 0.</exception>
    public ScaledSchedule(ILearningRateSchedule schedule, double factor)
    {
        Schedule = Guard.NotNull(schedule, nameof(schedule));
        Factor = Guard.NonNegative(factor, nameof(factor));
        if (!double.IsFinite(factor * InnerSchedule.GetLearningRate(schedule, 0)))
        {
            throw Guard.OutOfRange(nameof(factor), "must keep the scaled values finite; factor * schedule(0) overflows.");
        }
    }

    /// <summary>The schedule being scaled.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>The multiplier.</summary>
    public double Factor { get; }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
        => AddNested(Schedule, origin, min, max, min, max, boundaries);

    internal override double ValueAt(long step) => Math.Min(Factor * InnerSchedule.GetLearningRate(Schedule, step), double.MaxValue);
}
