using System.Numerics.Tensors;
using LrSchedules.Internal;
using LrSchedules.Specs;

namespace LrSchedules;

/// <summary>
/// The base of every schedule this library ships: an immutable value (a <c>record</c>) with value equality, a
/// readable invariant-culture <see cref="ToString"/>, and argument validation on every public entry point.
/// </summary>
/// <remarks>
/// Instances are immutable and thread-safe. The class cannot be derived from outside this assembly; to plug a custom
/// schedule into the combinators, implement <see cref="ILearningRateSchedule"/> directly.
/// </remarks>
public abstract record LearningRateSchedule : ILearningRateSchedule
{
    private protected LearningRateSchedule()
    {
    }

    /// <inheritdoc/>
    public double GetLearningRate(long step)
    {
        Guard.Step(step);
        return ValueAt(step);
    }

    /// <inheritdoc/>
    public void Evaluate(long firstStep, Span<double> destination)
    {
        Guard.StepRange(firstStep, destination.Length);
        EvaluateCore(firstStep, destination);
    }

    /// <inheritdoc/>
    public void Evaluate(long firstStep, Span<float> destination)
    {
        Guard.StepRange(firstStep, destination.Length);
        EvaluateCore(firstStep, destination);
        if (firstStep == 0 && destination.Length > 0)
        {
            // Step 0 exactly as the scalar form rounds it, whichever kernel (float lanes included) it fell in.
            destination[0] = Segments.ToSingle(ValueAt(0));
        }
    }

    /// <summary>The schedule in the function-call form of its spec, e.g. <c>cosine(initial_value: 0.1, ...)</c>.</summary>
    public sealed override string ToString() => ScheduleSpec.ToDisplayString(this);

    /// <summary>
    /// The steps in <c>[firstStep, lastStep]</c> at which a new phase of this schedule's composition begins, in increasing
    /// order: the end of a <see cref="Composition.WarmupSchedule"/>'s warmup or a <see cref="Composition.HoldSchedule"/>'s
    /// hold, the start of every <see cref="Composition.SequenceSchedule"/> phase after the first, and the phases of the
    /// schedules built from them (<see cref="Schedules.WarmupStableDecaySchedule"/>, <see cref="Schedules.InfiniteSchedule"/>),
    /// seen through <see cref="Composition.ShiftedSchedule"/>, <see cref="Composition.ScaledSchedule"/> and <see cref="Composition.FloorSchedule"/>.
    /// </summary>
    /// <remarks>
    /// A boundary <c>b</c> is the first step of the new phase: the value at <c>b</c> already comes from it. Step 0 is never
    /// a boundary, and neither is a phase of length 0 (a warmup of 0 steps). A nested boundary counts only while its phase
    /// is in effect (a boundary inside a sequence phase that the next phase cuts off is not reported). Closed-form schedules,
    /// including restarts and one-cycle, have no boundaries here (their shape is one formula), and neither do
    /// <c>torch.*</c> schedules or custom <see cref="ILearningRateSchedule"/> implementations nested inside. Meant for
    /// display (plots mark these steps); allocates the result.
    /// </remarks>
    /// <param name="firstStep">The first step of interest; in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="lastStep">The last step of interest (inclusive); at least <c>firstStep - 1</c> (which gives none).</param>
    /// <returns>The boundaries in <c>[firstStep, lastStep]</c>, sorted, without duplicates.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstStep"/> is negative or <paramref name="lastStep"/> is less than <c>firstStep - 1</c>.</exception>
    public IReadOnlyList<long> GetPhaseBoundaries(long firstStep, long lastStep)
    {
        Guard.Step(firstStep);
        Guard.InRange(lastStep, firstStep - 1, long.MaxValue, nameof(lastStep));
        var boundaries = new SortedSet<long>();
        AddPhaseBoundaries(0, Math.Max(firstStep, 1), lastStep, boundaries);
        return [.. boundaries];
    }

    /// <summary>
    /// Adds this schedule's phase boundaries that fall in the window <c>[min, max]</c> of global steps, where this
    /// schedule's own step <c>s</c> is global step <c>origin + s</c>. The window never contains this schedule's step 0.
    /// </summary>
    /// <param name="origin">The global step of this schedule's step 0 (negative inside a shift).</param>
    /// <param name="min">The first global step that may be reported.</param>
    /// <param name="max">The last global step that may be reported.</param>
    /// <param name="boundaries">Receives the boundaries.</param>
    private protected virtual void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
    {
    }

    /// <summary>
    /// Adds the boundary at this schedule's step <paramref name="localStep"/> if it is in the window, then the boundaries of
    /// <paramref name="next"/>, which starts there and runs up to (excluding) <paramref name="nextEnd"/> (or forever when null).
    /// </summary>
    private protected static void AddPhase(Int128 origin, long localStep, long? nextEnd, ILearningRateSchedule next, long min, long max, SortedSet<long> boundaries)
    {
        Int128 start = origin + localStep;
        if (start > max)
        {
            return;
        }

        if (start >= min)
        {
            boundaries.Add((long)start);
        }

        AddNested(next, start, start + 1, nextEnd is long end ? origin + end - 1 : max, min, max, boundaries);
    }

    /// <summary>
    /// Adds the boundaries of <paramref name="schedule"/> (if it is one of this library's), whose step 0 is global step
    /// <paramref name="origin"/> and which is in effect for global steps <c>[from, to]</c>, within the window <c>[min, max]</c>.
    /// </summary>
    private protected static void AddNested(ILearningRateSchedule schedule, Int128 origin, Int128 from, Int128 to, long min, long max, SortedSet<long> boundaries)
    {
        Int128 lo = Int128.Max(from, min), hi = Int128.Min(to, max);
        if (lo <= hi && schedule is LearningRateSchedule inner)
        {
            inner.AddPhaseBoundaries(origin, (long)lo, (long)hi, boundaries);
        }
    }

    /// <summary>The value at a validated step (<c>step &gt;= 0</c>).</summary>
    internal abstract double ValueAt(long step);

    /// <summary>Fills a validated range; composites override this to evaluate phase by phase.</summary>
    internal virtual void EvaluateCore(long firstStep, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ValueAt(firstStep + i);
        }
    }

    /// <summary>
    /// Fills a validated range in single precision: by default chunk by chunk through the <see cref="double"/> path and
    /// one rounding per element, so a schedule that vectorizes only its <see cref="double"/> kernel gets a vectorized
    /// <see cref="float"/> path too. Composites override this to evaluate phase by phase.
    /// </summary>
    internal virtual void EvaluateCore(long firstStep, Span<float> destination)
    {
        Span<double> work = stackalloc double[Kernels.Chunk];
        for (int done = 0; done < destination.Length; done += Kernels.Chunk)
        {
            int count = Math.Min(Kernels.Chunk, destination.Length - done);
            var chunk = work[..count];
            EvaluateCore(firstStep + done, chunk);
            // Saturated, then narrowed (round to nearest): the vector form of Segments.ToSingle.
            TensorPrimitives.Min(chunk, float.MaxValue, chunk);
            TensorPrimitives.ConvertTruncating<double, float>(chunk, destination.Slice(done, count));
        }
    }

    /// <summary>
    /// Overwrites the element for <paramref name="step"/> (when it lies in the span) with the scalar value: for the points
    /// the scalar form returns exactly (phase starts, midpoints) and a vectorized kernel may round differently.
    /// </summary>
    private protected void PatchExact<T>(long firstStep, Span<T> destination, long step)
        where T : unmanaged
    {
        if (step >= firstStep && step - firstStep < destination.Length)
        {
            Segments.Set(destination, (int)(step - firstStep), ValueAt(step));
        }
    }

    /// <summary>Fills a validated range element by element through <see cref="ValueAt"/> (the non-vectorized fallback).</summary>
    private protected void ScalarFill<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        for (int i = 0; i < destination.Length; i++)
        {
            Segments.Set(destination, i, ValueAt(firstStep + i));
        }
    }
}
