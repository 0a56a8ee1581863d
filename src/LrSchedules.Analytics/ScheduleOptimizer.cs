using LrSchedules.Analytics.Internal;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace LrSchedules.Analytics;

/// <summary>
/// Finds the schedule a fitted law predicts to end at the lowest loss (the question Luo et al. ask of the MPL in
/// arXiv:2503.12811, §5): over <c>N</c> steps, given a peak rate, a linear warmup of <c>W</c> steps kept as it is
/// (<c>lr_k = peak k / (W - 1)</c> for <c>k &lt; W</c>), then a non-increasing curve from at most the peak down to no less
/// than a floor, minimizing the predicted loss at step <c>N - 1</c>.
/// </summary>
/// <remarks>
/// <para>
/// Two stages. First a smooth shape: the curve after the warmup is piecewise linear through <c>K + 1</c> knots (default
/// <see cref="DefaultKnots"/>) at steps <c>W + round((N - 1 - W) (1 - (1 - i/K)^2))</c>, denser towards the end; knot
/// values are <c>floor + (peak - floor) s_0 s_1 ... s_i</c> with every <c>s_j</c> in <c>[0, 1]</c>, so every choice is
/// non-increasing and within <c>[floor, peak]</c>: a box-constrained problem solved by MathNet.Numerics' BFGS-B from a
/// WSD-like and a cosine-like start, with the law's exact gradient by every rate (<c>O(N)</c> per evaluation for both
/// laws). Then every rate after the warmup on its own: spectral (Barzilai–Borwein) projected gradient, the projection
/// onto non-increasing sequences being the pool-adjacent-violators algorithm followed by clipping to
/// <c>[floor, peak]</c>, until no step improves the loss (at most 2,000 iterations). Projections pool neighbouring rates,
/// so the result is usually a staircase: under the MPL, a sudden drop realizes its loss reduction sooner than a gradual
/// one of the same size (see docs/choosing-a-schedule.md).
/// </para>
/// <para>
/// The result is an ordinary schedule with a native spec: a <c>sequence</c> of the warmup (<c>linear</c>) and the rest,
/// a <c>piecewise_constant</c> staircase (or, if the rates are not one, a <c>piecewise_interpolation</c> with a knot
/// wherever the slope changes). It plugs into everything else. What the law says is optimal is only as good as the
/// law's fit.
/// </para>
/// </remarks>
public static class ScheduleOptimizer
{
    /// <summary>The default number of intervals between knots after the warmup.</summary>
    public const int DefaultKnots = 64;

    /// <summary>The largest horizon accepted (the optimizer holds a few arrays of <c>N</c> doubles).</summary>
    public const long MaxSteps = 10_000_000;

    /// <summary>Optimizes the schedule under <paramref name="law"/>.</summary>
    /// <param name="law">The fitted law.</param>
    /// <param name="steps">The horizon <c>N</c>, in <c>[2, <see cref="MaxSteps"/>]</c>; the loss at step <c>N - 1</c> is minimized.</param>
    /// <param name="warmupSteps">The warmup length <c>W</c>: 0 (no warmup) or in <c>[2, N - 1]</c>.</param>
    /// <param name="peak">The peak rate, reached at step <c>W - 1</c> and the upper bound after it; finite, in <c>(0, +inf)</c>.</param>
    /// <param name="floor">The lowest rate allowed after the warmup; finite, in <c>(0, peak]</c>.</param>
    /// <param name="knots">The number of intervals <c>K</c> between knots after the warmup, in <c>[1, 1024]</c> (fewer when there are fewer steps). Default <see cref="DefaultKnots"/>.</param>
    /// <returns>The optimized schedule and its predicted final loss.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="law"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static OptimizedSchedule Optimize(LossLaw law, long steps, long warmupSteps, double peak, double floor, int knots = DefaultKnots)
    {
        ArgumentNullException.ThrowIfNull(law);
        Check.InRange(steps, 2, MaxSteps, nameof(steps));
        if (warmupSteps != 0 && (warmupSteps < 2 || warmupSteps > steps - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), "warmupSteps must be 0 (no warmup) or an integer in [2, steps - 1 = " + Check.Format(steps - 1) + "]; got " + Check.Format(warmupSteps) + ".");
        }

        Check.Positive(peak, nameof(peak));
        Check.Finite(floor, double.Epsilon, peak, nameof(floor));
        Check.InRange(knots, 1, 1024, nameof(knots));

        int n = (int)steps, w = (int)warmupSteps;
        var positions = KnotPositions(w, n, knots);
        var problem = new Problem(law, n, w, peak, floor, positions);
        var lower = Vector<double>.Build.Dense(positions.Length, 0);
        var upper = Vector<double>.Build.Dense(positions.Length, 1);
        Minimize(problem, lower, upper, problem.WsdStart());
        Minimize(problem, lower, upper, problem.CosineStart());

        // A second round from the best point found, with a fresh quasi-Newton model; then every rate on its own.
        Minimize(problem, lower, upper, problem.Best!);
        var rates = new double[n];
        problem.ToSchedule(problem.Best!).Evaluate(0, rates);
        Polish(law, rates, w, peak, floor, PolishIterations);
        var schedule = ToSchedule(rates, w, peak);
        return new OptimizedSchedule(schedule, steps, law.Predict(schedule, steps - 1));
    }

    /// <summary>The most iterations of the full-resolution projected-gradient stage.</summary>
    private const int PolishIterations = 2000;

    private static void Minimize(Problem problem, Vector<double> lower, Vector<double> upper, double[] start)
    {
        var objective = ObjectiveFunction.Gradient(s =>
        {
            var gradient = new double[s.Count];
            double value = problem.Evaluate(s.ToArray(), gradient);
            return (value, Vector<double>.Build.Dense(gradient));
        });
        var minimizer = new BfgsBMinimizer(gradientTolerance: 1e-13, parameterTolerance: 1e-12, functionProgressTolerance: 1e-15, maximumIterations: 3000);
        try
        {
            minimizer.FindMinimum(objective, lower, upper, Vector<double>.Build.Dense(start));
        }
        catch (Exception ex) when (ex is MaximumIterationsException or OptimizationException or ArithmeticException or InvalidOperationException or ArgumentException)
        {
            // The best point seen so far is kept by the problem; a failed line search or the iteration cap ends here.
        }
    }

    /// <summary>The most constant blocks written as a <c>piecewise_constant</c> phase.</summary>
    private const int MaxBlocks = 10_000;

    /// <summary>
    /// The rates as an ordinary schedule: a <c>sequence</c> of the warmup (<c>linear</c> from 0 to the peak over
    /// <c>W - 1</c> steps, for <c>W</c> steps) and the rest, which is a <c>piecewise_constant</c> staircase when the rates
    /// are one (the projected-gradient stage leaves blocks of equal rates; a constant is exact at every step), else a
    /// <c>piecewise_interpolation</c> with a knot wherever the slope changes.
    /// </summary>
    internal static LearningRateSchedule ToSchedule(double[] rates, int w, double peak)
    {
        int n = rates.Length;
        var blockStarts = new List<long>();
        var blockValues = new List<double> { rates[w] };
        for (int k = w + 1; k < n && blockStarts.Count < MaxBlocks; k++)
        {
            if (rates[k] != rates[k - 1])
            {
                blockStarts.Add(k - w);
                blockValues.Add(rates[k]);
            }
        }

        LearningRateSchedule rest;
        if (blockStarts.Count < MaxBlocks)
        {
            rest = new PiecewiseConstantSchedule(blockStarts, blockValues);
        }
        else
        {
            var knots = new List<long>();
            var values = new List<double>();
            double tolerance = 1e-12 * peak;
            for (int k = w; k < n; k++)
            {
                if (k == w || k == n - 1 || Math.Abs((rates[k + 1] - rates[k]) - (rates[k] - rates[k - 1])) > tolerance)
                {
                    knots.Add(k - w);
                    values.Add(rates[k]);
                }
            }

            rest = new PiecewiseInterpolationSchedule(knots, values);
        }

        return w == 0 ? rest : new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, peak, w - 1), w), new SchedulePhase(rest));
    }

    /// <summary>Spectral projected gradient on every rate after the warmup (projection: non-increasing, then clipped to [floor, peak]).</summary>
    internal static double Polish(LossLaw law, double[] rates, int w, double peak, double floor, int iterations)
    {
        int n = rates.Length;
        var g = new double[n];
        var x = (double[])rates.Clone();
        double f = law.FinalLoss(x, g);
        var trial = new double[n];
        var gTrial = new double[n];
        double step = 1e-6;
        for (int it = 0; it < iterations; it++)
        {
            bool accepted = false;
            for (int tries = 0; tries < 30 && !accepted; tries++)
            {
                for (int k = w; k < n; k++)
                {
                    trial[k] = x[k] - (step * g[k]);
                }

                Array.Copy(x, trial, w);
                Project(trial, w, peak, floor);
                double ft = law.FinalLoss(trial, gTrial);
                if (ft < f)
                {
                    double ss = 0, sy = 0;
                    for (int k = w; k < n; k++)
                    {
                        double sk = trial[k] - x[k], yk = gTrial[k] - g[k];
                        ss += sk * sk;
                        sy += sk * yk;
                    }

                    (x, trial) = (trial, x);
                    (g, gTrial) = (gTrial, g);
                    f = ft;
                    step = sy > 0 ? ss / sy : step * 2;
                    accepted = true;
                }
                else
                {
                    step *= 0.25;
                }
            }

            if (!accepted)
            {
                break;
            }
        }

        Array.Copy(x, rates, n);
        return f;
    }

    /// <summary>Pool-adjacent-violators projection of rates[w..] onto non-increasing sequences, then clipping to [floor, peak].</summary>
    internal static void Project(double[] rates, int w, double peak, double floor)
    {
        int m = rates.Length - w;
        var value = new double[m];
        var weight = new int[m];
        int blocks = 0;
        for (int i = 0; i < m; i++)
        {
            value[blocks] = rates[w + i];
            weight[blocks] = 1;
            blocks++;
            while (blocks > 1 && value[blocks - 2] < value[blocks - 1])
            {
                double merged = ((value[blocks - 2] * weight[blocks - 2]) + (value[blocks - 1] * weight[blocks - 1])) / (weight[blocks - 2] + weight[blocks - 1]);
                weight[blocks - 2] += weight[blocks - 1];
                value[blocks - 2] = merged;
                blocks--;
            }
        }

        int at = w;
        for (int b = 0; b < blocks; b++)
        {
            double v = Math.Clamp(value[b], floor, peak);
            for (int j = 0; j < weight[b]; j++)
            {
                rates[at++] = v;
            }
        }
    }

    /// <summary>Knot steps <c>p_0 = W &lt; p_1 &lt; ... &lt; p_K = N - 1</c>.</summary>
    private static int[] KnotPositions(int w, int n, int knots)
    {
        int span = n - 1 - w;
        int k = Math.Max(1, Math.Min(knots, span));
        if (span == 0)
        {
            return [w];
        }

        var positions = new int[k + 1];
        for (int i = 0; i <= k; i++)
        {
            double x = 1 - ((1 - ((double)i / k)) * (1 - ((double)i / k)));
            positions[i] = w + (int)Math.Round(span * x);
        }

        positions[k] = n - 1;
        for (int i = 1; i <= k; i++)
        {
            positions[i] = Math.Max(positions[i], positions[i - 1] + 1);
        }

        for (int i = k - 1; i >= 0; i--)
        {
            positions[i] = Math.Min(positions[i], positions[i + 1] - 1);
        }

        return positions;
    }

    /// <summary>The objective in the knot factors <c>s</c>, with the rates, the gradient chain and the best point seen.</summary>
    private sealed class Problem(LossLaw law, int n, int w, double peak, double floor, int[] positions)
    {
        private readonly double[] _rates = new double[n];
        private readonly double[] _rateGradient = new double[n];
        private readonly double[] _values = new double[positions.Length];
        private readonly double[] _valueGradient = new double[positions.Length];

        public double[]? Best { get; private set; }

        public double BestValue { get; private set; } = double.PositiveInfinity;

        public double Evaluate(double[] s, double[] gradient)
        {
            int k = positions.Length;
            double product = 1;
            for (int i = 0; i < k; i++)
            {
                product *= Math.Clamp(s[i], 0, 1);
                _values[i] = floor + ((peak - floor) * product);
            }

            FillRates(_values, _rates);
            double value = law.FinalLoss(_rates, _rateGradient);

            // dL/dv_i: the interpolation weights of each knot.
            Array.Clear(_valueGradient);
            if (k == 1)
            {
                for (int step = w; step < n; step++)
                {
                    _valueGradient[0] += _rateGradient[step];
                }
            }
            else
            {
                for (int i = 0; i + 1 < k; i++)
                {
                    int from = positions[i], to = positions[i + 1];
                    double width = to - from;
                    for (int step = from; step < to; step++)
                    {
                        double pct = (step - from) / width;
                        _valueGradient[i] += _rateGradient[step] * (1 - pct);
                        _valueGradient[i + 1] += _rateGradient[step] * pct;
                    }
                }

                _valueGradient[k - 1] += _rateGradient[n - 1];
            }

            // v_i = floor + (peak - floor) prod_{j <= i} s_j: dv_i/ds_j = (peak - floor) prod_{l <= i, l != j} s_l.
            for (int j = 0; j < k; j++)
            {
                double g = 0, partial = peak - floor;
                for (int l = 0; l < j; l++)
                {
                    partial *= Math.Clamp(s[l], 0, 1);
                }

                for (int i = j; i < k; i++)
                {
                    if (i > j)
                    {
                        partial *= Math.Clamp(s[i], 0, 1);
                    }

                    g += _valueGradient[i] * partial;
                }

                gradient[j] = g;
            }

            if (double.IsFinite(value) && value < BestValue)
            {
                BestValue = value;
                Best = (double[])s.Clone();
            }

            return value;
        }

        public double[] WsdStart() => Factors(x => x < 0.8 ? 1 : Math.Pow(0.1, (x - 0.8) / 0.2));

        public double[] CosineStart() => Factors(x => 0.1 + (0.45 * (1 + Math.Cos(Math.PI * x))));

        public PiecewiseInterpolationSchedule ToSchedule(double[] s)
        {
            var boundaries = new List<long>();
            var values = new List<double>();
            if (w >= 2)
            {
                boundaries.Add(0);
                values.Add(0);
                boundaries.Add(w - 1);
                values.Add(peak);
            }

            double product = 1;
            for (int i = 0; i < positions.Length; i++)
            {
                product *= Math.Clamp(s[i], 0, 1);
                boundaries.Add(positions[i]);
                values.Add(floor + ((peak - floor) * product));
            }

            return new PiecewiseInterpolationSchedule(boundaries, values);
        }

        /// <summary>The factors of a target shape <paramref name="shape"/> (relative to the peak, of the fraction of the post-warmup span).</summary>
        private double[] Factors(Func<double, double> shape)
        {
            int k = positions.Length;
            var s = new double[k];
            double previous = 1;
            double span = Math.Max(1, n - 1 - w);
            for (int i = 0; i < k; i++)
            {
                double target = Math.Clamp(shape((positions[i] - w) / span) * peak, floor, peak);
                double fraction = (target - floor) / (peak - floor);
                double prev = previous <= 0 ? 1 : previous;
                s[i] = peak == floor ? 1 : Math.Clamp(fraction / prev, 0, 1);
                previous = prev * s[i];
            }

            return s;
        }

        private void FillRates(double[] values, double[] rates)
        {
            for (int step = 0; step < w; step++)
            {
                rates[step] = peak * step / (w - 1);
            }

            if (positions.Length == 1)
            {
                for (int step = w; step < n; step++)
                {
                    rates[step] = values[0];
                }

                return;
            }

            for (int i = 0; i + 1 < positions.Length; i++)
            {
                int from = positions[i], to = positions[i + 1];
                double width = to - from;
                for (int step = from; step < to; step++)
                {
                    double pct = (step - from) / width;
                    rates[step] = (values[i] * (1 - pct)) + (values[i + 1] * pct);
                }
            }

            rates[n - 1] = values[^1];
        }
    }
}
