namespace LrSchedules.Analytics;

/// <summary>How well a law predicts one run: the relative errors <c>|loss - prediction| / loss</c> over its points.</summary>
/// <param name="Name">The run's <see cref="LossRun.Name"/>.</param>
/// <param name="Points">The number of points.</param>
/// <param name="MeanRelativeError">The mean of the relative errors.</param>
/// <param name="WorstRelativeError">The largest relative error.</param>
/// <param name="WorstStep">The step of the largest relative error.</param>
public sealed record RunError(string Name, int Points, double MeanRelativeError, double WorstRelativeError, long WorstStep)
{
    internal static RunError Of(LossRun run, ReadOnlySpan<double> predicted)
    {
        var losses = run.LossSpan;
        double sum = 0, worst = -1;
        long worstStep = run.Steps[0];
        for (int i = 0; i < losses.Length; i++)
        {
            double e = Math.Abs(losses[i] - predicted[i]) / losses[i];
            if (double.IsNaN(e))
            {
                e = double.PositiveInfinity;
            }

            sum += e;
            if (e > worst)
            {
                worst = e;
                worstStep = run.Steps[i];
            }
        }

        return new RunError(run.Name, losses.Length, sum / losses.Length, worst, worstStep);
    }
}
