using System.Numerics.Tensors;
using LrSchedules.Internal;

namespace LrSchedules.Composition;

/// <summary>
/// A schedule bounded below by a constant: <c>lr(step) = max(Schedule(step), FloorValue)</c>, the <c>min_lr</c> floor
/// that Megatron-LM, NeMo and fairseq apply to a decay (<c>max(lr * mult, min_lr)</c>).
/// </summary>
/// <remarks>
/// <para><c>lr(step) = max(Schedule(step), FloorValue)</c> for every step in <c>[0, long.MaxValue]</c>; a floor of 0 gives
/// the schedule unchanged.</para>
/// <para>Values of a custom (non-library) wrapped schedule are checked: NaN, an infinity or a negative value throws
/// <see cref="InvalidOperationException"/> naming it, the step and the value (the floor does not hide a broken value).
/// A span is the wrapped schedule's span followed by one vectorized maximum, bit-identical to
/// <see cref="LearningRateSchedule.GetLearningRate"/>. Immutable and thread-safe if the wrapped schedule is. Spec type:
/// <c>floor</c>.</para>
/// </remarks>
public sealed record FloorSchedule : LearningRateSchedule
{
    /// <summary>Creates a floored schedule.</summary>
    /// <param name="schedule">The schedule to bound below; not null.</param>
    /// <param name="floorValue">The least value returned; finite, in <c>[0, +inf)</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="floorValue"/> is outside its range.</exception>
    /// <exception cref="InvalidOperationException">A custom <paramref name="schedule"/> returned NaN, an infinity or a negative value at step 0.</exception>
    public FloorSchedule(ILearningRateSchedule schedule, double floorValue)
    {
        Schedule = Guard.NotNull(schedule, nameof(schedule));
        FloorValue = Guard.NonNegative(floorValue, nameof(floorValue));
        InnerSchedule.GetLearningRate(schedule, 0);
    }

    /// <summary>The schedule being bounded below.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>The least value returned.</summary>
    public double FloorValue { get; }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
        => AddNested(Schedule, origin, min, max, min, max, boundaries);

    internal override double ValueAt(long step) => Math.Max(InnerSchedule.GetLearningRate(Schedule, step), FloorValue);

    internal override void EvaluateCore(long firstStep, Span<double> destination)
    {
        Segments.Evaluate(Schedule, firstStep, destination);
        TensorPrimitives.Max(destination, FloorValue, destination);
    }

    internal override void EvaluateCore(long firstStep, Span<float> destination)
    {
        // Rounding to float is monotone, so max(float(x), float(floor)) = float(max(x, floor)).
        Segments.Evaluate(Schedule, firstStep, destination);
        TensorPrimitives.Max(destination, Segments.ToSingle(FloorValue), destination);
    }
}
