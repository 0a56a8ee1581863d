using FluentAssertions;
using LrSchedules.Analytics;
using LrSchedules.Analytics.Internal;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Analytics;

/// <summary>The laws' fast evaluators (change points, SIMD, closed forms) against the formulas evaluated literally.</summary>
public sealed class LawFormulaTests
{
    private static readonly MultiPowerLaw Mpl = new(3.0, 0.5, 0.5, 400, 2.0, 0.6, 0.6);

    private static readonly AnnealingLaw Annealing = new(3.0, 0.5, 0.5, 0.4, 0.995);

    /// <summary>Random non-negative rates with runs of equal values (constant phases), a warmup from 0, and some zeros.</summary>
    private static double[] RandomRates(int seed, int n)
    {
        var random = new Random(seed);
        var rates = new double[n];
        for (int k = 1; k < n; k++)
        {
            rates[k] = random.Next(4) switch
            {
                0 => rates[k - 1],
                1 => random.NextDouble() * 3e-4,
                2 => Math.Max(0, rates[k - 1] - (random.NextDouble() * 3e-5)),
                _ => k < n / 4 ? 3e-4 * k / (n / 4) : rates[k - 1],
            };
        }

        return rates;
    }

    /// <summary>The MPL exactly as written: <c>L0 + A S(t)^-alpha + B sum_{k=1..t} (lr_k - lr_{k-1}) (1 - (1 + C lr_k^-gamma (S(t) - S(k-1)))^-beta)</c>.</summary>
    private static double MplLiteral(MultiPowerLaw law, double[] lr, int t)
    {
        double st = 0;
        for (int i = 0; i <= t; i++)
        {
            st += lr[i];
        }

        double sum = 0, before = lr[0];
        for (int k = 1; k <= t; k++)
        {
            double d = lr[k] - lr[k - 1];
            double rest = st - before; // S(t) - S(k-1)
            if (d != 0)
            {
                double u = rest == 0 ? 0 : law.C * Math.Pow(lr[k], -law.Gamma) * rest;
                sum += d * (1 - Math.Pow(1 + u, -law.Beta));
            }

            before += lr[k];
        }

        return law.L0 + (law.A * Math.Pow(st, -law.Alpha)) + (law.B * sum);
    }

    /// <summary>The annealing law exactly as written, by the recurrence <c>m_i = lambda m_{i-1} + (lr_{i-1} - lr_i)</c>.</summary>
    private static double AnnealingLiteral(AnnealingLaw law, double[] lr, int t)
    {
        double s1 = lr[0], s2 = 0, m = 0;
        for (int i = 1; i <= t; i++)
        {
            s1 += lr[i];
            m = (law.Lambda * m) + (lr[i - 1] - lr[i]);
            s2 += m;
        }

        return law.L0 + (law.A * Math.Pow(s1, -law.Alpha)) - (law.C * s2);
    }

    private static PiecewiseConstantLike Schedule(double[] rates) => new(rates);

    [Theory]
    [InlineData(1, 300)]
    [InlineData(2, 5_000)]
    [InlineData(3, 20_000)]
    public void Mpl_prediction_equals_the_literal_formula(int seed, int n)
    {
        var rates = RandomRates(seed, n);
        long[] steps = [.. Enumerable.Range(0, 40).Select(i => (long)((n - 1) * (i + 1) / 40))];

        var predicted = Mpl.Predict(Schedule(rates), steps);

        for (int i = 0; i < steps.Length; i++)
        {
            Approx.Equal(predicted[i], MplLiteral(Mpl, rates, (int)steps[i]), rel: 1e-11, because: "at step " + steps[i]);
        }
    }

    [Theory]
    [InlineData(4, 300)]
    [InlineData(5, 20_000)]
    public void Annealing_prediction_equals_the_recurrence(int seed, int n)
    {
        var rates = RandomRates(seed, n);
        long[] steps = [1, 2, 17, .. Enumerable.Range(1, 30).Select(i => (long)((n - 1) * i / 30))];
        steps = [.. steps.Distinct().Order()];

        var predicted = Annealing.Predict(Schedule(rates), steps);

        for (int i = 0; i < steps.Length; i++)
        {
            Approx.Equal(predicted[i], AnnealingLiteral(Annealing, rates, (int)steps[i]), rel: 1e-10, because: "at step " + steps[i]);
        }
    }

    [Fact]
    public void Loss_where_no_rate_has_been_trained_is_infinite()
    {
        var warmup = new LinearSchedule(0, 1e-3, 100);

        Mpl.Predict(warmup, [0, 1]).Should().Satisfy(v => double.IsPositiveInfinity(v), v => double.IsFinite(v));
        Annealing.Predict(warmup, 0).Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void Mpl_with_rates_that_reach_zero_stays_finite_and_matches_the_formula()
    {
        // Linear decay to exactly 0 at step 999 and 0 after.
        var schedule = new LinearSchedule(3e-4, 0, 999);
        var rates = new double[1_500];
        schedule.Evaluate(0, rates);

        var predicted = Mpl.Predict(schedule, [998, 999, 1_000, 1_499]);

        predicted.Should().OnlyContain(v => double.IsFinite(v));
        Approx.Equal(predicted[0], MplLiteral(Mpl, rates, 998), rel: 1e-11);
        predicted[2].Should().BeApproximately(predicted[1], 1e-9, "a step at rate 0 trains nothing (the drop of the last decrement is already realized)");
    }

    [Fact]
    public void Fit_jacobian_matches_finite_differences()
    {
        foreach (var kind in new[] { LossLawKind.MultiPower, LossLawKind.Annealing })
        {
            var runs = new[] { 7, 8 }.Select(seed =>
            {
                var rates = RandomRates(seed, 3_000);
                long[] steps = [.. Enumerable.Range(1, 20).Select(i => (long)(150 * i) - 1)];
                return new LossRun(Schedule(rates), steps, steps.Select(_ => 3.5), "r" + seed);
            }).ToList();
            var problem = new FitProblem(kind, runs, fixedLambda: null);
            double[] p = kind == LossLawKind.MultiPower ? [2.5, 0.4, 0.45, 0.2, 0.1, 0.55, 0.7] : [2.5, 0.4, 0.45, 0.1, 0.995];
            int n = problem.Count, np = p.Length;
            var values = new double[n];
            var jacobian = new double[n * np];
            problem.Evaluate(p, values, jacobian);
            for (int j = 0; j < np; j++)
            {
                double h = 1e-6 * Math.Max(Math.Abs(p[j]), 1e-3);
                double[] plus = [.. p], minus = [.. p];
                plus[j] += h;
                minus[j] -= h;
                var vp = new double[n];
                var vm = new double[n];
                problem.Evaluate(plus, vp, null);
                problem.Evaluate(minus, vm, null);
                for (int i = 0; i < n; i++)
                {
                    double numeric = (vp[i] - vm[i]) / (2 * h);
                    jacobian[(i * np) + j].Should().BeApproximately(numeric, 1e-5 * Math.Max(1, Math.Abs(numeric)), "{0} d/dp{1} at point {2}", kind, j, i);
                }
            }
        }
    }

    [Fact]
    public void Final_loss_gradient_matches_finite_differences()
    {
        var rates = new double[2_000];
        new PiecewiseInterpolationSchedule([0, 199, 1_200, 1_999], [0, 3e-4, 2e-4, 1e-5]).Evaluate(0, rates);
        foreach (LossLaw law in new LossLaw[] { Mpl, Annealing })
        {
            var gradient = new double[rates.Length];
            double value = law.FinalLoss(rates, gradient);
            Approx.Equal(value, law is MultiPowerLaw m ? MplLiteral(m, rates, 1_999) : AnnealingLiteral((AnnealingLaw)law, rates, 1_999), rel: 1e-11);
            foreach (int k in new[] { 0, 1, 150, 199, 200, 700, 1_200, 1_998, 1_999 })
            {
                double h = 1e-9;
                double[] plus = [.. rates], minus = [.. rates];
                plus[k] += h;
                minus[k] = Math.Max(0, minus[k] - h);
                double numeric = (law.FinalLoss(plus, new double[rates.Length]) - law.FinalLoss(minus, new double[rates.Length])) / (plus[k] - minus[k]);
                gradient[k].Should().BeApproximately(numeric, 1e-4 * Math.Max(1, Math.Abs(numeric)), "{0} at step {1}", law.Name, k);
            }
        }
    }

    /// <summary>A custom schedule over a rate array (the value at and after its end is the last rate).</summary>
    private sealed class PiecewiseConstantLike(double[] rates) : ILearningRateSchedule
    {
        public double GetLearningRate(long step) => rates[(int)Math.Min(step, rates.Length - 1)];

        public void Evaluate(long firstStep, Span<double> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = GetLearningRate(firstStep + i);
            }
        }

        public void Evaluate(long firstStep, Span<float> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)GetLearningRate(firstStep + i);
            }
        }
    }
}
