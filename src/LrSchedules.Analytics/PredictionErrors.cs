namespace LrSchedules.Analytics;

/// <summary>
/// How well a law predicts a set of runs, as Luo et al. report it (arXiv:2503.12811): <see cref="PredE"/> is the mean
/// over runs of each run's mean relative error <c>|loss - prediction| / loss</c>, <see cref="WorstE"/> the mean over runs
/// of each run's largest relative error.
/// </summary>
public sealed record PredictionErrors
{
    /// <summary>Creates the summary of per-run errors.</summary>
    /// <param name="runs">At least one run's errors.</param>
    /// <exception cref="ArgumentNullException"><paramref name="runs"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="runs"/> is empty.</exception>
    public PredictionErrors(IReadOnlyList<RunError> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("runs must contain at least one run; got none.", nameof(runs));
        }

        Runs = [.. runs];
        PredE = Runs.Average(r => r.MeanRelativeError);
        WorstE = Runs.Average(r => r.WorstRelativeError);
    }

    /// <summary>The errors of each run, in order.</summary>
    public IReadOnlyList<RunError> Runs { get; }

    /// <summary>The mean over runs of the mean relative error.</summary>
    public double PredE { get; }

    /// <summary>The mean over runs of the largest relative error.</summary>
    public double WorstE { get; }
}
