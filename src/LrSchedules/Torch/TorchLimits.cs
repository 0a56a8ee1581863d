using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>
/// The ranges that keep every value the schedulers compute finite and non-negative: PyTorch checks few of its arguments,
/// and some accepted ones make its own arithmetic overflow, divide 0 by 0 or round below zero (docs/pytorch.md,
/// "Bugs not reproduced"; docs/reliability.md).
/// </summary>
internal static class TorchLimits
{
    /// <summary>The largest learning rate a scheduler takes as a parameter or base (<c>base_lrs</c>, <c>eta_min</c>, <c>max_lr</c>, ...).</summary>
    public const double MaxLearningRate = 1e100;

    /// <summary>The smallest non-zero factor (<c>ConstantLR.factor</c>, <c>LinearLR.start_factor</c>): PyTorch divides by it.</summary>
    public const double MinFactor = 1e-100;

    /// <summary>
    /// The most a scheduler (or a chain of them) may raise a learning rate over its lifetime: with base learning rates up to
    /// <see cref="MaxLearningRate"/>, every value stays below 1e300.
    /// </summary>
    public const double MaxGain = 1e200;

    /// <summary>
    /// The largest <c>last_epoch</c>, 2^50: beyond it PyTorch's <c>math.pi * last_epoch / T_max</c> loses the precision
    /// the recursive cosine needs (its ratio of cosines can divide 0 by 0), and <c>LinearLR</c>'s denominators cancel.
    /// </summary>
    public const long MaxEpoch = 1L << 50;

    /// <summary>
    /// The largest <c>CosineAnnealingLR.T_max</c>, 2^24: from about 3e8 on, <c>1 + cos(pi (T_max - 1) / T_max)</c> rounds to
    /// 0 and PyTorch's recursive form divides 0 by 0 a few steps before <c>T_max</c>.
    /// </summary>
    public const long MaxCosinePeriod = 1L << 24;

    /// <summary>Requires a learning rate (a parameter or a base) in <c>[0, MaxLearningRate]</c>.</summary>
    public static double LearningRate(double value, string paramName) => Guard.InRange(value, 0, MaxLearningRate, paramName);

    /// <summary>Requires a factor in <c>[MinFactor, 1]</c>; <paramref name="why"/> says what PyTorch does with it.</summary>
    public static double Factor(double value, string paramName, string why)
        => Guard.Recording is not null || (value >= MinFactor && value <= 1)
            ? Guard.InRange(value, MinFactor, 1, paramName)
            : throw Guard.OutOfRange(paramName, "must be a finite number in [1E-100, 1] (" + why + "); got " + Guard.Format(value) + ".");

    /// <summary>Requires a gain (see <see cref="MaxGain"/>) of at most <see cref="MaxGain"/>; skipped while describing a spec type.</summary>
    public static void RequireGain(double gain, string paramName, string what)
    {
        if (Guard.Recording is null && !(gain <= MaxGain))
        {
            throw Guard.OutOfRange(paramName, "must not raise the learning rate by more than 1e200 (which keeps every value finite with learning rates up to 1e100); " + what + " is " + Guard.Format(gain) + ".");
        }
    }
}
