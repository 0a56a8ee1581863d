using LrSchedules.Analytics.Internal;

namespace LrSchedules.Analytics;

/// <summary>Settings of <see cref="LossLawFitter.Fit"/>; the defaults suit curves of a few hundred to a few thousand points.</summary>
public sealed record LossLawFitOptions
{
    private readonly int _maxIterations = 400;
    private readonly int _startCount = 4;
    private readonly double? _lambda;
    private readonly double? _huberDelta = 1e-3;
    private readonly IReadOnlyList<LossLaw> _starts = [];
    private readonly LossLawFitMethod _method = LossLawFitMethod.LevenbergMarquardt;

    /// <summary>The fitting method. Default <see cref="LossLawFitMethod.LevenbergMarquardt"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public LossLawFitMethod Method
    {
        get => _method;
        init => _method = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Method), "Method must be LevenbergMarquardt or EarlyStoppedAdamW; got " + (int)value + ".");
    }

    /// <summary>The most Levenberg–Marquardt iterations from each starting point, in <c>[1, 100000]</c>. Default 400.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside its range.</exception>
    public int MaxIterations
    {
        get => _maxIterations;
        init => _maxIterations = (int)Check.InRange(value, 1, 100_000, nameof(MaxIterations));
    }

    /// <summary>
    /// How many of the best grid starting points (see <see cref="LossLawFitter"/>) are refined, in <c>[1, 64]</c>. Default 4.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside its range.</exception>
    public int StartCount
    {
        get => _startCount;
        init => _startCount = (int)Check.InRange(value, 1, 64, nameof(StartCount));
    }

    /// <summary>
    /// For <see cref="LossLawKind.Annealing"/>: a fixed <c>lambda</c> in <c>[0, 1)</c> (for example
    /// <see cref="AnnealingLaw.DefaultLambda"/>, as Tissue et al. fix it), or null (the default) to fit it in
    /// <c>(0, 1)</c>. Ignored for the Multi-Power Law.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside its range.</exception>
    public double? Lambda
    {
        get => _lambda;
        init => _lambda = value is double v && !(v >= 0 && v < 1)
            ? throw new ArgumentOutOfRangeException(nameof(Lambda), "Lambda must be null or a number in [0, 1); got " + Check.Format(v) + ".")
            : value;
    }

    /// <summary>
    /// The Huber threshold <c>delta</c> on the log residuals, in <c>(0, 1]</c>, or null for plain least squares. With a
    /// threshold, the least-squares fit is followed by a Levenberg–Marquardt fit of <c>sum huber_delta(r)</c>, with
    /// <c>r = ln loss - ln prediction</c> and <c>huber_delta(r) = r^2 / 2</c> for <c>|r| &lt;= delta</c>, else
    /// <c>delta (|r| - delta / 2)</c>: the objective Luo et al. minimize for the MPL (with <c>delta = 1e-3</c>), in which
    /// residuals beyond <c>delta</c> count linearly, so the fit follows the bulk of the curve rather than its few worst
    /// points. It is solved as least squares on <c>rho(r) = sign(r) sqrt(2 huber_delta(|r|))</c>. Default 1e-3.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside its range.</exception>
    public double? HuberDelta
    {
        get => _huberDelta;
        init => _huberDelta = value is double v && !(v > 0 && v <= 1)
            ? throw new ArgumentOutOfRangeException(nameof(HuberDelta), "HuberDelta must be null or a number in (0, 1]; got " + Check.Format(v) + ".")
            : value;
    }

    /// <summary>Extra starting points, refined in addition to the grid's (each of the kind being fitted; others are ignored). Default none.</summary>
    /// <exception cref="ArgumentNullException">The value is null or holds a null.</exception>
    public IReadOnlyList<LossLaw> Starts
    {
        get => _starts;
        init => _starts = value is null || value.Any(s => s is null)
            ? throw new ArgumentNullException(nameof(Starts), "Starts must not be null or hold null.")
            : [.. value];
    }
}
