namespace LrSchedules.Cli;

/// <summary>
/// What <c>lrs eval</c> prints: for each step, one learning rate per parameter group. Every schedule today has a
/// single group; a multi-group schedule prints its groups comma-separated on one line.
/// </summary>
internal interface IEvalSource
{
    /// <summary>The number of values per step (parameter groups); at least 1.</summary>
    int GroupCount { get; }

    /// <summary>
    /// Fills <paramref name="destination"/> row by row: <c>destination[i * GroupCount + g]</c> is group <c>g</c>'s learning
    /// rate at step <c>firstStep + i</c>. The length is a multiple of <see cref="GroupCount"/>.
    /// </summary>
    void Evaluate(long firstStep, Span<double> destination);
}
