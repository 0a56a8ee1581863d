using LrSchedules.Analytics.Internal;

namespace LrSchedules.Analytics;

/// <summary>
/// The annealing law of Tissue et al. 2024 ("Scaling Law with Learning Rate Annealing", arXiv:2408.11029):
/// <c>L(t) = L0 + A S1(t)^-alpha - C S2(t)</c>, with the forward area <c>S1(t) = lr_0 + ... + lr_t</c> and the annealing
/// area <c>S2(t) = m_1 + ... + m_t</c>, <c>m_i = lambda m_{i-1} + (lr_{i-1} - lr_i)</c>, <c>m_0 = 0</c>.
/// </summary>
/// <remarks>
/// <para>
/// Step convention: the paper counts steps from 1 and writes <c>S1 = sum_{i=1..s} eta_i</c> for the loss after
/// <c>s</c> updates. Here steps are 0-based and the loss recorded at step <c>t</c> follows the <c>t + 1</c> updates of
/// steps <c>0..t</c>, so <c>S1(t)</c> sums the rates of steps <c>0..t</c> inclusive (the paper's <c>s = t + 1</c>), the
/// same area as <see cref="MultiPowerLaw"/>'s <c>S(t)</c>; <c>S2</c> is the paper's recurrence over the rate
/// differences of steps <c>1..t</c>, every difference included (a warmup's increases make <c>m</c> negative, which adds
/// to the loss while it lasts, as a re-warmup does in the paper).
/// </para>
/// <para>
/// <c>S2(t) = ((lr_0 - lr_t) - lambda m_t) / (1 - lambda)</c>: the annealing area tends to the total decrease divided by
/// <c>1 - lambda</c> once the rate has stopped moving for a few <c>1 / (1 - lambda)</c> steps. Immutable and thread-safe.
/// JSON name <c>"annealing"</c>.
/// </para>
/// </remarks>
public sealed record AnnealingLaw : LossLaw
{
    /// <summary>The decay factor of the annealing momentum Tissue et al. use: 0.999.</summary>
    public const double DefaultLambda = 0.999;

    internal static readonly string[] Names = ["L0", "A", "alpha", "C", "lambda"];

    internal static readonly string[] ConstructorNames = ["l0", "a", "alpha", "c", "lambda"];

    /// <summary>Creates the law.</summary>
    /// <param name="l0">The irreducible loss <c>L0</c>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="a">The power law's scale <c>A</c>; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="alpha">The power law's exponent <c>alpha</c>; finite, in <c>(0, +inf)</c>.</param>
    /// <param name="c">The weight <c>C</c> of the annealing area; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="lambda">The decay factor <c>lambda</c> of the annealing momentum; in <c>[0, 1)</c>. Default <see cref="DefaultLambda"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public AnnealingLaw(double l0, double a, double alpha, double c, double lambda = DefaultLambda)
    {
        L0 = Check.NonNegative(l0, nameof(l0));
        A = Check.NonNegative(a, nameof(a));
        Alpha = Check.Positive(alpha, nameof(alpha));
        C = Check.NonNegative(c, nameof(c));
        if (!(lambda >= 0 && lambda < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), "lambda must be a number in [0, 1); got " + Check.Format(lambda) + ".");
        }

        Lambda = lambda;
    }

    /// <summary>The irreducible loss <c>L0</c>.</summary>
    public double L0 { get; }

    /// <summary>The power law's scale <c>A</c>.</summary>
    public double A { get; }

    /// <summary>The power law's exponent <c>alpha</c>.</summary>
    public double Alpha { get; }

    /// <summary>The weight <c>C</c> of the annealing area.</summary>
    public double C { get; }

    /// <summary>The decay factor <c>lambda</c> of the annealing momentum.</summary>
    public double Lambda { get; }

    /// <inheritdoc/>
    public override LossLawKind Kind => LossLawKind.Annealing;

    /// <inheritdoc/>
    public override double[] GetParameters() => [L0, A, Alpha, C, Lambda];

    internal override void PredictCore(RateTrace trace, Span<double> destination)
    {
        var area = new double[trace.Count];
        AnnealingKernel.Areas(trace, Lambda, area, []);
        for (int i = 0; i < trace.Count; i++)
        {
            double s = trace.Prefix[i];
            double power = s > 0 ? Math.Exp(-Alpha * Math.Log(s)) : double.PositiveInfinity;
            destination[i] = L0 + (A * power) - (C * area[i]);
        }
    }

    internal override double FinalLoss(ReadOnlySpan<double> rates, Span<double> gradient)
    {
        double total = 0;
        foreach (double r in rates)
        {
            total += r;
        }

        double area = AnnealingKernel.Area(rates, Lambda, gradient);
        double sPow = Math.Pow(total, -Alpha);
        double common = -Alpha * A * sPow / total;
        for (int m = 0; m < gradient.Length; m++)
        {
            gradient[m] = common - (C * gradient[m]);
        }

        return L0 + (A * sPow) - (C * area);
    }
}
