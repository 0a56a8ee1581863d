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

    /// <summary>Fills a validated range in single precision; composites override this to evaluate phase by phase.</summary>
    internal virtual void EvaluateCore(long firstStep, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)ValueAt(firstStep + i);
        }
    }
}
