using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace LrSchedules.Analytics.Internal;

/// <summary>
/// The Multi-Power Law fit of Luo et al.'s code (<c>src/fitting.py</c>), step for step: a start from the simplified law
/// <c>L0 + A S^-alpha - B (peak - lr)</c> fitted by bounded BFGS from a grid, then at most 200 AdamW steps on the Huber
/// loss of the log residuals from <c>C = 1, beta = gamma = 0.5</c>, keeping the best. See
/// <see cref="LossLawFitMethod.EarlyStoppedAdamW"/>.
/// </summary>
internal static class AdamWFit
{
    private const double Delta = 1e-3;
    private const int MaxSteps = 200;
    private const int Patience = 20;
    private const double GradientNormThreshold = 1e-5;
    private const double RateLinear = 5e-2;
    private const double RateExponent = 5e-3;
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private const double WeightDecay = 1e-2;

    /// <summary>Fits the MPL; returns the normalized parameters of <paramref name="problem"/> and the AdamW steps taken.</summary>
    public static (double[] Point, int Iterations) Fit(FitProblem problem, IReadOnlyList<LossRun> runs)
    {
        var (s1, lr, loss) = Points(runs);
        double peak = problem.Scale;
        double[] start = SimplifiedStart(s1, lr, loss, peak);

        // Raw parameters in the authors' order: L0, A, alpha, B, C, beta, gamma.
        double[] theta = [start[0], start[1], start[2], start[3], 1.0, 0.5, 0.5];
        double[] logLoss = [.. loss.Select(l => (double)MathF.Log((float)l))];
        var m = new double[7];
        var v = new double[7];
        var gradient = new double[7];
        var predicted = new double[problem.Count];
        var jacobian = new double[problem.Count * problem.ParameterCount];
        double[]? best = null;
        double bestLoss = double.PositiveInfinity, minLoss = double.PositiveInfinity;
        int noImprove = 0, steps = 0;
        for (int step = 0; step < MaxSteps; step++)
        {
            if (!theta.All(double.IsFinite) || theta[4] <= 0 || theta[1] < 0)
            {
                break;
            }

            double total = Objective(problem, theta, logLoss, predicted, jacobian, gradient);
            if (!double.IsFinite(total))
            {
                break;
            }

            // optimizer.step() (AdamW, two groups), before the bookkeeping, as in the authors' loop.
            steps++;
            for (int j = 0; j < 7; j++)
            {
                double rate = j is 2 or 5 or 6 ? RateExponent : RateLinear;
                theta[j] *= 1 - (rate * WeightDecay);
                m[j] = (Beta1 * m[j]) + ((1 - Beta1) * gradient[j]);
                v[j] = (Beta2 * v[j]) + ((1 - Beta2) * gradient[j] * gradient[j]);
                double correction1 = 1 - Math.Pow(Beta1, step + 1), correction2 = 1 - Math.Pow(Beta2, step + 1);
                double denominator = (Math.Sqrt(v[j]) / Math.Sqrt(correction2)) + Epsilon;
                theta[j] -= rate / correction1 * (m[j] / denominator);
            }

            if (total < minLoss)
            {
                minLoss = total;
                noImprove = 0;
            }
            else
            {
                noImprove++;
            }

            if (step > Patience && noImprove >= Patience)
            {
                break;
            }

            if (Math.Sqrt(gradient.Sum(g => g * g)) < GradientNormThreshold)
            {
                break;
            }

            if (total < bestLoss)
            {
                // The authors record the parameters after the step with the objective before it.
                bestLoss = total;
                best = [.. theta];
            }
        }

        best ??= [start[0], start[1], start[2], start[3], 1.0, 0.5, 0.5];
        return (problem.FromLaw(new MultiPowerLaw(best[0], best[1], best[2], best[3], best[4], best[5], best[6])), steps);
    }

    /// <summary>The Huber objective at raw parameters <paramref name="theta"/> and its gradient.</summary>
    private static double Objective(FitProblem problem, double[] theta, double[] logLoss, double[] predicted, double[] jacobian, double[] gradient)
    {
        double[] p;
        try
        {
            p = problem.FromLaw(new MultiPowerLaw(theta[0], theta[1], theta[2], theta[3], theta[4], theta[5], theta[6]));
        }
        catch (ArgumentException)
        {
            return double.NaN;
        }

        problem.Evaluate(p, predicted, jacobian);
        int np = problem.ParameterCount;
        double eta = problem.Scale, logEta = Math.Log(eta);
        double etaAlpha = Math.Pow(eta, -theta[2]), etaGamma = Math.Pow(eta, 1 - theta[6]);
        Array.Clear(gradient);
        double total = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double pred = Math.Max(predicted[i], 1e-10);
            double r = logLoss[i] - Math.Log(pred);
            double a = Math.Abs(r);
            total += a < Delta ? 0.5 * r * r : Delta * (a - (0.5 * Delta));
            if (predicted[i] < 1e-10)
            {
                continue;
            }

            // d huber / d pred = -huber'(r) / pred; the Jacobian is in normalized parameters: chain to the raw ones.
            double w = -(a < Delta ? r : Math.CopySign(Delta, r)) / pred;
            ReadOnlySpan<double> row = jacobian.AsSpan(i * np, np);
            gradient[0] += w * row[0];
            gradient[1] += w * row[1] * etaAlpha;
            gradient[2] += w * (row[2] - (row[1] * theta[1] * etaAlpha * logEta));
            gradient[3] += w * row[3] * eta;
            gradient[4] += w * row[4] * etaGamma;
            gradient[5] += w * row[5];
            gradient[6] += w * (row[6] - (row[4] * theta[4] * etaGamma * logEta));
        }

        return total;
    }

    /// <summary><c>S(t)</c>, the rate at <c>t</c> and the loss of every point, run after run (the authors' float64 cumsum).</summary>
    private static (double[] S1, double[] Lr, double[] Loss) Points(IReadOnlyList<LossRun> runs)
    {
        var s1 = new List<double>();
        var lr = new List<double>();
        var loss = new List<double>();
        foreach (var run in runs)
        {
            long last = run.Steps[^1];
            var rates = new double[last + 1];
            run.Schedule.Evaluate(0, rates.AsSpan());
            double sum = 0;
            var cumulative = new double[rates.Length];
            for (int k = 0; k < rates.Length; k++)
            {
                sum += rates[k];
                cumulative[k] = sum;
            }

            for (int i = 0; i < run.Count; i++)
            {
                s1.Add(cumulative[run.Steps[i]]);
                lr.Add(rates[run.Steps[i]]);
                loss.Add(run.Losses[i]);
            }
        }

        return ([.. s1], [.. lr], [.. loss]);
    }

    /// <summary>
    /// The authors' <c>initialize_params</c>: a line through <c>(ln S, ln(loss - min + 0.01))</c> sets the centre of a
    /// 5 x 3 x 3 x 3 grid of <c>(L0, A, alpha, B)</c>; each grid point is refined by bounded BFGS (parameters >= 0) on
    /// the Huber loss of the simplified law; the best wins.
    /// </summary>
    private static double[] SimplifiedStart(double[] s1, double[] lr, double[] loss, double peak)
    {
        double minLoss = loss.Min();
        int n = loss.Length;
        double mx = 0, my = 0;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = Math.Log(s1[i]);
            y[i] = Math.Log(loss[i] - minLoss + 0.01);
            mx += x[i];
            my += y[i];
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        double slope = sxy / sxx, intercept = my - (slope * mx);
        double[] l0s = Linspace(minLoss - 0.2, minLoss + 0.2, 5), @as = Linspace(Math.Exp(intercept) - 0.1, Math.Exp(intercept) + 0.1, 3);
        double[] alphas = Linspace(-slope - 0.1, -slope + 0.1, 3), bs = Linspace(100, 1000, 3);
        double[] logLoss = [.. loss.Select(l => Math.Log(l))];

        (double, Vector<double>) Value(Vector<double> q)
        {
            double l0 = q[0], a = q[1], alpha = q[2], b = q[3];
            double total = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0;
            for (int i = 0; i < n; i++)
            {
                double power = Math.Pow(s1[i], -alpha);
                double gap = peak - lr[i];
                double pred = l0 + (a * power) - (b * gap);
                if (!(pred > 1e-10))
                {
                    total += Huber(logLoss[i] - Math.Log(1e-10));
                    continue;
                }

                double r = logLoss[i] - Math.Log(pred);
                total += Huber(r);
                double w = -Math.Clamp(r, -Delta, Delta) / pred;
                g0 += w;
                g1 += w * power;
                g2 -= w * a * power * Math.Log(s1[i]);
                g3 -= w * gap;
            }

            return (total, Vector<double>.Build.Dense([g0, g1, g2, g3]));
        }

        var lower = Vector<double>.Build.Dense(4, 0.0);
        var upper = Vector<double>.Build.Dense(4, 1e12);
        var minimizer = new BfgsBMinimizer(1e-6, 1e-12, 1e-9, 1000);
        double[] best = [Math.Max(0, l0s[2]), Math.Max(0, @as[1]), Math.Max(0, alphas[1]), bs[0]];
        double bestValue = double.PositiveInfinity;
        foreach (double l0 in l0s)
        {
            foreach (double a in @as)
            {
                foreach (double alpha in alphas)
                {
                    foreach (double b in bs)
                    {
                        var initial = Vector<double>.Build.Dense([Math.Max(0, l0), Math.Max(0, a), Math.Max(0, alpha), b]);
                        try
                        {
                            var result = minimizer.FindMinimum(ObjectiveFunction.Gradient(Value), lower, upper, initial);
                            if (result.FunctionInfoAtMinimum.Value < bestValue)
                            {
                                bestValue = result.FunctionInfoAtMinimum.Value;
                                best = [.. result.MinimizingPoint];
                            }
                        }
                        catch (Exception ex) when (ex is OptimizationException or ArithmeticException)
                        {
                            // A start from which the line search fails is skipped, as a failed scipy run would lose.
                        }
                    }
                }
            }
        }

        return best;
    }

    private static double Huber(double r)
    {
        double a = Math.Abs(r);
        return a <= Delta ? 0.5 * r * r : Delta * (a - (0.5 * Delta));
    }

    private static double[] Linspace(double from, double to, int count)
        => [.. Enumerable.Range(0, count).Select(i => from + ((to - from) * i / (count - 1)))];
}
