using System.Numerics.Tensors;
using LrSchedules.Internal;

namespace LrSchedules.Composition;

/// <summary>
/// The product of two schedules on one clock: <c>lr(step) = Schedule(step) * Multiplier(step)</c>. Use it where a
/// framework multiplies independent factors, such as big_vision's <c>lr * decay(step) * min(1, step / warmup) *
/// min(1, (total - step) / cooldown)</c> or stacked multiplier schedules: the multiplier is usually a factor schedule
/// (a 0-to-1 ramp, a 1-to-0 cooldown), but either side may be any schedule.
/// </summary>
/// <remarks>
/// <para>Both schedules see the same step (neither clock is shifted). The value is the IEEE product of the two values,
/// rounded once, so it is exactly what a framework computing <c>a * b</c> in double precision gets. Both factors are
/// finite and non-negative (the library's schedules by construction; a custom one is checked), so the product is never
/// NaN (<c>0 * inf</c> cannot occur) and never negative; <c>0 * x</c> is <c>+0</c> (a custom <c>-0</c> is read as
/// <c>+0</c>); a product that overflows saturates at <see cref="double.MaxValue"/>, so the value is always finite.</para>
/// <para>Values of a custom (non-library) schedule on either side are checked: NaN, an infinity or a negative value throws
/// <see cref="InvalidOperationException"/> naming it, the step and the value. The phase boundaries are those of both
/// factors. Immutable and thread-safe if both schedules are. Spec type: <c>product</c>.</para>
/// </remarks>
public sealed record ProductSchedule : LearningRateSchedule
{
    /// <summary>Elements of the second factor per pass (2 KiB of stack, so deeply nested products stay shallow on the stack).</summary>
    private const int Chunk = 256;

    /// <summary>Creates the product of two schedules.</summary>
    /// <param name="schedule">The first factor (typically the learning-rate schedule); not null.</param>
    /// <param name="multiplier">The second factor (typically a multiplier schedule such as a 0-to-1 ramp); not null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> or <paramref name="multiplier"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A custom schedule returned NaN, an infinity or a negative value at step 0.</exception>
    public ProductSchedule(ILearningRateSchedule schedule, ILearningRateSchedule multiplier)
    {
        Schedule = Guard.NotNull(schedule, nameof(schedule));
        Multiplier = Guard.NotNull(multiplier, nameof(multiplier));
        InnerSchedule.GetLearningRate(schedule, 0);
        InnerSchedule.GetLearningRate(multiplier, 0);
    }

    /// <summary>The first factor.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>The second factor.</summary>
    public ILearningRateSchedule Multiplier { get; }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
    {
        AddNested(Schedule, origin, min, max, min, max, boundaries);
        AddNested(Multiplier, origin, min, max, min, max, boundaries);
    }

    internal override double ValueAt(long step)
        => Math.Min(InnerSchedule.GetLearningRate(Schedule, step) * InnerSchedule.GetLearningRate(Multiplier, step), double.MaxValue);

    /// <summary>
    /// Both factors by their own span kernels, chunk by chunk (the second through a stack buffer), then one vector
    /// multiply and saturation: element for element the same IEEE operations as <see cref="ValueAt"/>. The float span
    /// comes from this path (the base class narrows each chunk once), so it is the rounding of the double value.
    /// </summary>
    internal override void EvaluateCore(long firstStep, Span<double> destination)
    {
        Span<double> factor = stackalloc double[Chunk];
        // Stryker disable once Equality : equivalent, one more iteration at done = Length works on empty slices.
        for (int done = 0; done < destination.Length; done += Chunk)
        {
            int count = Math.Min(Chunk, destination.Length - done);
            var chunk = destination.Slice(done, count);
            var second = factor[..count];
            Segments.Evaluate(Schedule, firstStep + done, chunk);
            Segments.Evaluate(Multiplier, firstStep + done, second);
            TensorPrimitives.Multiply(chunk, second, chunk);
            TensorPrimitives.Min(chunk, double.MaxValue, chunk);
        }
    }
}
