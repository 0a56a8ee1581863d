namespace LrSchedules;

/// <summary>
/// A schedule over several parameter groups (and, optionally, their momentums), such as a PyTorch-compatible scheduler
/// read from a <c>torch.*</c> spec with a list of learning rates. As an <see cref="ILearningRateSchedule"/> it gives
/// group 0.
/// </summary>
public interface IGroupedSchedule : ILearningRateSchedule
{
    /// <summary>The number of parameter groups; at least 1.</summary>
    int GroupCount { get; }

    /// <summary>Whether the schedule also sets a momentum per group.</summary>
    bool HasMomentum { get; }

    /// <summary>
    /// Fills the values of every group for <paramref name="stepCount"/> steps from <paramref name="firstStep"/>, row by
    /// row: element <c>[k * GroupCount + g]</c> is group <c>g</c> at step <c>firstStep + k</c>.
    /// </summary>
    /// <param name="firstStep">The first step; in <c>[0, long.MaxValue]</c>, with the last step not past <c>long.MaxValue</c>.</param>
    /// <param name="stepCount">Number of steps; in <c>[0, int.MaxValue / GroupCount]</c>.</param>
    /// <param name="learningRates">Destination of <c>stepCount * GroupCount</c> learning rates.</param>
    /// <param name="momentums">Destination of <c>stepCount * GroupCount</c> momentums, or empty to skip them (must be empty when <see cref="HasMomentum"/> is false).</param>
    void EvaluateGroups(long firstStep, int stepCount, Span<double> learningRates, Span<double> momentums);
}
