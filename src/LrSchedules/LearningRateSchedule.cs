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
    }

    /// <summary>The schedule in the function-call form of its spec, e.g. <c>cosine(initial_value: 0.1, ...)</c>.</summary>
    public sealed override string ToString() => ScheduleSpec.ToDisplayString(this);

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
