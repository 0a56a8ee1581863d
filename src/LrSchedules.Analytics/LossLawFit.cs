namespace LrSchedules.Analytics;

/// <summary>The result of <see cref="LossLawFitter.Fit"/>: the fitted law and how well it fits the runs it was fitted on.</summary>
/// <param name="Law">The fitted law.</param>
/// <param name="Errors">PredE and WorstE of the law on the fitted runs.</param>
/// <param name="RSquared">The coefficient of determination on the losses: <c>1 - sum (loss - prediction)^2 / sum (loss - mean loss)^2</c> over every point of every run.</param>
/// <param name="LogResidualSumOfSquares">The objective the fit minimized: <c>sum (ln loss - ln prediction)^2</c> over every point.</param>
/// <param name="Residuals">Per run, in order: <c>loss - prediction</c> at each of its points.</param>
/// <param name="Points">The number of points fitted.</param>
/// <param name="Iterations">The Levenberg–Marquardt iterations of the winning start.</param>
/// <param name="StartsTried">How many starting points were refined.</param>
public sealed record LossLawFit(
    LossLaw Law,
    PredictionErrors Errors,
    double RSquared,
    double LogResidualSumOfSquares,
    IReadOnlyList<IReadOnlyList<double>> Residuals,
    int Points,
    int Iterations,
    int StartsTried);
