using LrSchedules.Analytics.Internal;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace LrSchedules.Analytics;

/// <summary>
/// Fits a <see cref="MultiPowerLaw"/> or an <see cref="AnnealingLaw"/> to observed runs by nonlinear least squares on
/// the log-loss residuals <c>ln loss - ln prediction</c> (as Luo et al. fit the MPL), with MathNet.Numerics'
/// Levenberg–Marquardt minimizer and the law's analytic Jacobian: least squares from several starting points, then, by
/// default, the Huber loss of the residuals from the best of them (<see cref="LossLawFitOptions.HuberDelta"/>).
/// </summary>
/// <remarks>
/// <para>
/// Rates are first divided by the largest rate of the runs, so the fitted quantities are of order 1 whatever the peak
/// rate; the reported law is in the runs' own units. Bounds (in those normalized units): <c>0 &lt; L0 &lt;</c> the
/// smallest observed loss, <c>A, B, C &gt; 0</c>, <c>0 &lt; alpha &lt; 3</c>, <c>0 &lt; beta &lt; 5</c>,
/// <c>0 &lt; gamma &lt; 3</c>, <c>0 &lt; lambda &lt; 1</c>; they are enforced by a change of variables (logistic for a
/// two-sided bound, exponential for a one-sided one), so Levenberg–Marquardt itself runs unconstrained.
/// </para>
/// <para>
/// Default start, several points: the law is linear in <c>(L0, A, B)</c> (MPL) or <c>(L0, A, C)</c> (annealing) once
/// the other parameters are fixed, so for every point of a grid of the others — MPL: <c>alpha</c> in {0.3, 0.5, 0.8},
/// <c>beta</c> in {0.3, 0.6, 1}, <c>gamma</c> in {0.3, 0.6}, normalized <c>C</c> in {0.01, 0.1, 1}; annealing:
/// <c>alpha</c> in {0.2, 0.35, 0.5, 0.7, 1}, <c>lambda</c> in {0.99, 0.995, 0.999, 0.9995} (or the fixed value) — the
/// linear parameters are solved by weighted linear least squares (weights <c>1 / loss^2</c>, the first-order
/// equivalent of log residuals) on every third point of each run. The <see cref="LossLawFitOptions.StartCount"/> best feasible grid points, and any
/// <see cref="LossLawFitOptions.Starts"/>, are refined by least squares; the one with the smallest objective wins and, with a Huber threshold, is refined once more under the Huber loss.
/// </para>
/// <para>
/// Cost: each evaluation of the MPL and its Jacobian is <c>O(points × rate changes)</c> with SIMD; the annealing law's
/// is <c>O(points + rate changes)</c>. Nothing is allocated per point.
/// </para>
/// </remarks>
public static class LossLawFitter
{
    /// <summary>The grid of starting points is scored on every third point of each run.</summary>
    private const int GridStride = 3;

    private static readonly double[] MplAlphas = [0.3, 0.5, 0.8];
    private static readonly double[] MplBetas = [0.3, 0.6, 1.0];
    private static readonly double[] MplGammas = [0.3, 0.6];
    private static readonly double[] MplCs = [0.01, 0.1, 1.0];
    private static readonly double[] AnnealingAlphas = [0.2, 0.35, 0.5, 0.7, 1.0];
    private static readonly double[] AnnealingLambdas = [0.99, 0.995, 0.999, 0.9995];

    /// <summary>Fits a law of <paramref name="kind"/> to <paramref name="runs"/>.</summary>
    /// <param name="kind">The law to fit.</param>
    /// <param name="runs">One or more runs, with more points in all than the law has parameters (7 for MPL; 5 for the annealing law, 4 with a fixed lambda). No point may follow rates that sum to 0.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <returns>The fitted law and its statistics on <paramref name="runs"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="runs"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException">There are no runs, too few points, or a point where the rates sum to 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static LossLawFit Fit(LossLawKind kind, IReadOnlyList<LossRun> runs, LossLawFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        _ = LossLaw.NameOf(kind);
        options ??= new LossLawFitOptions();
        if (runs.Count == 0)
        {
            throw new ArgumentException("runs must contain at least one run; got none.", nameof(runs));
        }

        for (int r = 0; r < runs.Count; r++)
        {
            if (runs[r] is null)
            {
                throw new ArgumentNullException(nameof(runs), "runs[" + r + "] must not be null.");
            }
        }

        var problem = new FitProblem(kind, runs, options.Lambda);
        int parameters = problem.ParameterCount;
        if (problem.Count <= parameters)
        {
            throw new ArgumentException(
                "runs must have more points in all than the law has parameters: the " + LossLaw.NameOf(kind) + " fit has " + parameters
                + " parameters and needs at least " + (parameters + 1) + " points; got " + problem.Count + ".",
                nameof(runs));
        }

        if (options.Method == LossLawFitMethod.EarlyStoppedAdamW)
        {
            if (kind != LossLawKind.MultiPower)
            {
                throw new ArgumentException("options.Method EarlyStoppedAdamW fits the Multi-Power Law only; got kind " + kind + ".", nameof(options));
            }

            var (adamPoint, adamSteps) = AdamWFit.Fit(problem, runs);
            return Report(problem, runs, adamPoint, adamSteps, 1);
        }

        var starts = GridStarts(problem, options.StartCount);
        foreach (var law in options.Starts)
        {
            if (law.Kind == kind)
            {
                starts.Add(problem.FromLaw(law));
            }
        }

        if (starts.Count == 0)
        {
            starts.Add(DefaultStart(problem));
        }

        double[]? best = null;
        double bestObjective = double.PositiveInfinity;
        int bestIterations = 0;
        foreach (var start in starts)
        {
            var (point, objective, iterations) = Refine(problem, start, options.MaxIterations);
            if (objective < bestObjective)
            {
                best = point;
                bestObjective = objective;
                bestIterations = iterations;
            }
        }

        best ??= starts[0];
        if (options.HuberDelta is double delta)
        {
            var (point, _, iterations) = Refine(problem, best, options.MaxIterations, delta);
            best = point;
            bestIterations += iterations;
        }

        return Report(problem, runs, best, bestIterations, starts.Count);
    }

    /// <summary>The fit result of normalized parameters <paramref name="best"/>: the law and its statistics on <paramref name="runs"/>.</summary>
    private static LossLawFit Report(FitProblem problem, IReadOnlyList<LossRun> runs, double[] best, int bestIterations, int startsTried)
    {
        var fitted = problem.ToLaw(best);
        var residuals = new List<IReadOnlyList<double>>(runs.Count);
        var runErrors = new List<RunError>(runs.Count);
        double sse = 0, logSse = 0, mean = problem.Loss.Average(), sst = 0;
        for (int r = 0; r < runs.Count; r++)
        {
            var p = fitted.Predict(runs[r].Schedule, [.. runs[r].Steps]);
            runErrors.Add(RunError.Of(runs[r], p));
            var res = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                double loss = runs[r].Losses[i];
                res[i] = loss - p[i];
                sse += res[i] * res[i];
                sst += (loss - mean) * (loss - mean);
                double lr = Math.Log(loss) - Math.Log(p[i]);
                logSse += lr * lr;
            }

            residuals.Add(res);
        }

        return new LossLawFit(fitted, new PredictionErrors(runErrors), sst > 0 ? 1 - (sse / sst) : 1, logSse, residuals, problem.Count, bestIterations, startsTried);
    }

    /// <summary>Levenberg–Marquardt from <paramref name="start"/> (normalized parameters); returns the normalized minimizer, its objective and the iterations.</summary>
    private static (double[] Point, double Objective, int Iterations) Refine(FitProblem problem, double[] start, int maxIterations, double? huberDelta = null)
    {
        int n = problem.Count, np = problem.ParameterCount;
        var p = new double[np];
        var dpdq = new double[np];
        var predicted = new double[n];
        var jacobian = new double[n * np];
        double[]? cachedQ = null;
        Vector<double>? cachedValues = null;
        Matrix<double>? cachedJacobian = null;

        void Compute(Vector<double> q, bool withJacobian)
        {
            if (cachedQ is not null && q.Count == cachedQ.Length && (!withJacobian || cachedJacobian is not null))
            {
                bool same = true;
                for (int j = 0; j < np && same; j++)
                {
                    same = q[j] == cachedQ[j];
                }

                if (same)
                {
                    return;
                }
            }

            var qa = q.ToArray();
            problem.FromInternal(qa, p, dpdq);
            problem.Evaluate(p, predicted, withJacobian ? jacobian : null);
            var values = Vector<double>.Build.Dense(n);
            var jac = withJacobian ? Matrix<double>.Build.Dense(n, np) : null;
            for (int i = 0; i < n; i++)
            {
                double pred = predicted[i];
                bool ok = pred > 0 && double.IsFinite(pred);
                double logPred = ok ? Math.Log(pred) : -700, scale = 1 / pred;
                if (huberDelta is double delta)
                {
                    // Least squares on rho(r), rho(r)^2 / 2 = huber(r): rho = r inside [-delta, delta], else
                    // sign(r) sqrt(2 delta (|r| - delta / 2)), with rho'(r) = delta / |rho|. The observations are 0 and
                    // the model value is -rho(r), r = ln loss - ln prediction.
                    double r = problem.LogLoss[i] - logPred, a = Math.Abs(r);
                    double rho = a <= delta ? r : Math.CopySign(Math.Sqrt(2 * delta * (a - (0.5 * delta))), r);
                    values[i] = -rho;
                    scale *= a <= delta ? 1 : delta / Math.Abs(rho);
                }
                else
                {
                    values[i] = logPred;
                }

                if (jac is not null && ok)
                {
                    for (int j = 0; j < np; j++)
                    {
                        jac[i, j] = jacobian[(i * np) + j] * dpdq[j] * scale;
                    }
                }
            }

            cachedQ = qa;
            cachedValues = values;
            cachedJacobian = jac;
        }

        var x = Vector<double>.Build.Dense(n, i => i);
        var y = huberDelta is null ? Vector<double>.Build.Dense(problem.LogLoss) : Vector<double>.Build.Dense(n);
        var model = ObjectiveFunction.NonlinearModel(
            (q, _) =>
            {
                Compute(q, withJacobian: false);
                return cachedValues!;
            },
            (q, _) =>
            {
                Compute(q, withJacobian: true);
                return cachedJacobian!;
            },
            x,
            y);
        var q0 = Vector<double>.Build.Dense(problem.ToInternal(start));
        var minimizer = new LevenbergMarquardtMinimizer(initialMu: 1e-3, gradientTolerance: 1e-12, stepTolerance: 1e-12, functionTolerance: 1e-14, maximumIterations: maxIterations);
        double[] point;
        int iterations;
        try
        {
            var result = minimizer.FindMinimum(model, q0);
            var q = result.MinimizingPoint.ToArray();
            problem.FromInternal(q, p, dpdq);
            point = (double[])p.Clone();
            iterations = result.Iterations;
        }
        catch (Exception ex) when (ex is ArithmeticException or ArgumentException or InvalidOperationException or MaximumIterationsException)
        {
            problem.FromInternal(q0.ToArray(), p, dpdq);
            point = (double[])p.Clone();
            iterations = maxIterations;
        }

        return (point, Objective(problem, point, predicted, huberDelta), iterations);
    }

    /// <summary>The sum of squared log residuals, or of their Huber losses when <paramref name="huberDelta"/> is set.</summary>
    private static double Objective(FitProblem problem, double[] p, double[] predicted, double? huberDelta)
    {
        problem.Evaluate(p, predicted, null);
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double d = predicted[i] > 0 && double.IsFinite(predicted[i]) ? Math.Abs(problem.LogLoss[i] - Math.Log(predicted[i])) : 1e3;
            sum += huberDelta is double delta && d > delta ? 2 * delta * (d - (0.5 * delta)) : d * d;
        }

        return sum;
    }

    /// <summary>The best feasible points of the grid (normalized parameters), linear parameters solved for.</summary>
    private static List<double[]> GridStarts(FitProblem problem, int count)
    {
        int n = problem.Count;
        var power = new double[n];
        var third = new double[n];
        var candidates = new List<(double Score, double[] Point)>();
        bool mpl = problem.Kind == LossLawKind.MultiPower;
        double[] lambdas = problem.FixedLambda is double fixedLambda ? [fixedLambda] : AnnealingLambdas;
        foreach (double alpha in mpl ? MplAlphas : AnnealingAlphas)
        {
            foreach (double beta in mpl ? MplBetas : [0.0])
            {
                foreach (double gamma in mpl ? MplGammas : [0.0])
                {
                    foreach (double second in mpl ? MplCs : lambdas)
                    {
                        double c = mpl ? second : 0, lambda = mpl ? 0 : second;
                        problem.Basis(alpha, c, beta, gamma, lambda, GridStride, power, third);
                        if (!SolveLinear(problem, power, third, out double l0, out double a, out double w, out double score))
                        {
                            continue;
                        }

                        double[] point = mpl ? [l0, a, alpha, w, c, beta, gamma]
                            : problem.FixedLambda is null ? [l0, a, alpha, w, lambda] : [l0, a, alpha, w];
                        candidates.Add((score, point));
                    }
                }
            }
        }

        return [.. candidates.OrderBy(c => c.Score).Take(count).Select(c => c.Point)];
    }

    /// <summary>
    /// Minimizes <c>sum ((loss - L0 - A power - W third) / loss)^2</c> over <c>(L0, A, W)</c>; false unless
    /// <c>0 &lt; L0 &lt; min loss</c> and <c>A &gt; 0</c> (a non-positive <c>W</c> is set to a small positive value and the
    /// other two solved again).
    /// </summary>
    private static bool SolveLinear(FitProblem problem, double[] power, double[] third, out double l0, out double a, out double w, out double score)
    {
        var loss = problem.Loss;
        int n = loss.Length;
        double[,] m = new double[3, 3];
        double[] rhs = new double[3];
        for (int i = 0; i < n; i++)
        {
            if (!problem.IsSampled(i, GridStride))
            {
                continue;
            }

            double weight = 1 / (loss[i] * loss[i]);
            double x0 = 1, x1 = power[i], x2 = third[i];
            double[] xs = [x0, x1, x2];
            for (int r = 0; r < 3; r++)
            {
                rhs[r] += weight * xs[r] * loss[i];
                for (int c = 0; c < 3; c++)
                {
                    m[r, c] += weight * xs[r] * xs[c];
                }
            }
        }

        var matrix = Matrix<double>.Build.DenseOfArray(m);
        var solution = matrix.Svd().Solve(Vector<double>.Build.Dense(rhs));
        (l0, a, w) = (solution[0], solution[1], solution[2]);
        if (!(w > 0) || !double.IsFinite(w))
        {
            // No drop term (the runs never anneal, or the grid point is wrong): fix W small and solve the 2x2 system.
            w = 1e-6;
            double m00 = m[0, 0], m01 = m[0, 1], m11 = m[1, 1];
            double r0 = rhs[0] - (w * m[0, 2]), r1 = rhs[1] - (w * m[1, 2]);
            double det = (m00 * m11) - (m01 * m01);
            l0 = ((r0 * m11) - (m01 * r1)) / det;
            a = ((m00 * r1) - (m01 * r0)) / det;
        }

        score = 0;
        if (!(l0 > 0 && l0 < problem.MinLoss && a > 0) || !double.IsFinite(l0) || !double.IsFinite(a))
        {
            return false;
        }

        for (int i = 0; i < n; i++)
        {
            if (problem.IsSampled(i, GridStride))
            {
                double d = (loss[i] - l0 - (a * power[i]) - (w * third[i])) / loss[i];
                score += d * d;
            }
        }

        return double.IsFinite(score);
    }

    private static double[] DefaultStart(FitProblem problem)
    {
        double l0 = problem.MinLoss * 0.8;
        double a = problem.MinLoss * 0.2;
        return problem.Kind == LossLawKind.MultiPower ? [l0, a, 0.5, 0.5, 0.1, 0.5, 0.5]
            : problem.FixedLambda is null ? [l0, a, 0.5, 0.1, AnnealingLaw.DefaultLambda] : [l0, a, 0.5, 0.1];
    }
}
