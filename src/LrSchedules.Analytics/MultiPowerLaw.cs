using LrSchedules.Analytics.Internal;

namespace LrSchedules.Analytics;

/// <summary>
/// The Multi-Power Law of Luo et al. 2025 ("A Multi-Power Law for Loss Curve Prediction Across Learning Rate
/// Schedules", arXiv:2503.12811), in exactly the form the authors' code evaluates:
/// <c>L(t) = L0 + A S(t)^-alpha + B sum_{k=1..t} (lr_k - lr_{k-1}) (1 - (1 + C lr_k^-gamma (S(t) - S(k-1)))^-beta)</c>
/// with <c>S(t) = lr_0 + ... + lr_t</c>; the loss at step <c>t</c> follows the rates of steps <c>0..t</c>.
/// </summary>
/// <remarks>
/// The first two terms are a power law in the area under the schedule; the sum is the loss drop from every decrease of
/// the rate (negative while the rate decreases; a warmup's increases add to the loss), each saturating as training
/// continues at the lower rate. The parameters depend on the model size, the data and the peak rate of the runs they
/// were fitted on: a fit is not a law for another model. Immutable and thread-safe. JSON name <c>"mpl"</c>.
/// </remarks>
public sealed record MultiPowerLaw : LossLaw
{
    internal static readonly string[] Names = ["L0", "A", "alpha", "B", "C", "beta", "gamma"];

    internal static readonly string[] ConstructorNames = ["l0", "a", "alpha", "b", "c", "beta", "gamma"];

    /// <summary>Creates the law.</summary>
    /// <param name="l0">The irreducible loss <c>L0</c>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="a">The power law's scale <c>A</c>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="alpha">The power law's exponent <c>alpha</c>; finite, in <c>(0, +inf)</c>.</param>
    /// <param name="b">The loss drop's scale <c>B</c>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="c">The drop's saturation rate <c>C</c>; finite, in <c>(0, +inf)</c>.</param>
    /// <param name="beta">The drop's saturation exponent <c>beta</c>; finite, in <c>(0, +inf)</c>.</param>
    /// <param name="gamma">The exponent <c>gamma</c> of the rate in the saturation; finite, in <c>[0, +inf)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public MultiPowerLaw(double l0, double a, double alpha, double b, double c, double beta, double gamma)
    {
        L0 = Check.NonNegative(l0, nameof(l0));
        A = Check.NonNegative(a, nameof(a));
        Alpha = Check.Positive(alpha, nameof(alpha));
        B = Check.NonNegative(b, nameof(b));
        C = Check.Positive(c, nameof(c));
        Beta = Check.Positive(beta, nameof(beta));
        Gamma = Check.NonNegative(gamma, nameof(gamma));
    }

    /// <summary>The irreducible loss <c>L0</c>.</summary>
    public double L0 { get; }

    /// <summary>The power law's scale <c>A</c>.</summary>
    public double A { get; }

    /// <summary>The power law's exponent <c>alpha</c>.</summary>
    public double Alpha { get; }

    /// <summary>The loss drop's scale <c>B</c>.</summary>
    public double B { get; }

    /// <summary>The drop's saturation rate <c>C</c>.</summary>
    public double C { get; }

    /// <summary>The drop's saturation exponent <c>beta</c>.</summary>
    public double Beta { get; }

    /// <summary>The exponent <c>gamma</c> of the rate in the saturation.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override LossLawKind Kind => LossLawKind.MultiPower;

    /// <inheritdoc/>
    public override double[] GetParameters() => [L0, A, Alpha, B, C, Beta, Gamma];

    internal override void PredictCore(RateTrace trace, Span<double> destination)
    {
        var cg = new double[trace.ChangeStep.Length];
        MplKernel.Prepare(trace, C, Gamma, cg);
        for (int i = 0; i < trace.Count; i++)
        {
            double s = trace.Prefix[i];
            double power = s > 0 ? Math.Exp(-Alpha * Math.Log(s)) : double.PositiveInfinity;
            destination[i] = L0 + (A * power) + (B * MplKernel.Drop(trace, i, cg, Beta));
        }
    }

    internal override double FinalLoss(ReadOnlySpan<double> rates, Span<double> gradient)
    {
        // With D_k = S(T) - S(k-1), u_k = C lr_k^-gamma D_k, f_k = (1 + u_k)^-beta and d_k = lr_k - lr_{k-1}:
        // dL/dlr_m = -alpha A S^(-alpha-1) + B ((1 - f_m)[m >= 1] - (1 - f_{m+1})[m < T])
        //            + B sum_{k=1..m} d_k beta f_k u_k / ((1 + u_k) D_k) - B d_m beta gamma f_m u_m / ((1 + u_m) lr_m).
        int last = rates.Length - 1;
        double total = 0;
        foreach (double r in rates)
        {
            total += r;
        }

        var f = new double[rates.Length];
        var h = new double[rates.Length]; // d_k beta f_k u_k / (1 + u_k)
        double drop = 0, tail = 0;
        for (int k = last; k >= 1; k--)
        {
            tail += rates[k]; // D_k
            double d = rates[k] - rates[k - 1];
            double u = C * Math.Pow(rates[k], -Gamma) * tail;
            f[k] = Math.Pow(1 + u, -Beta);
            h[k] = d * Beta * f[k] * u / (1 + u);
            drop += d * (1 - f[k]);
        }

        double sPow = Math.Pow(total, -Alpha);
        double common = -Alpha * A * sPow / total;
        double running = 0;
        tail = total; // D_m = S(T) - S(m-1), starting at m = 0 (D_0 = S(T), unused: no k = 0 term)
        for (int m = 0; m <= last; m++)
        {
            double g = common;
            if (m >= 1)
            {
                running += h[m] / tail;
                g += B * ((1 - f[m]) + running - (h[m] * Gamma / rates[m]));
            }

            if (m < last)
            {
                g -= B * (1 - f[m + 1]);
            }

            gradient[m] = g;
            tail -= rates[m];
        }

        return L0 + (A * sPow) + (B * drop);
    }
}
