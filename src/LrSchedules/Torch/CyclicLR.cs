using LrSchedules.Internal;
using LrSchedules.Schedules;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>CyclicLR</c> (triangular, triangular2, exp_range or a custom scale function), with momentum cycled inversely
/// to the learning rate: <c>momentum = max_momentum - (max_momentum - base_momentum) * scale</c>.
/// </summary>
public sealed class CyclicLR : LRScheduler
{
    private readonly double[] _baseLrs;
    private readonly double[] _maxLrs;
    private readonly double[]? _baseMomentums;
    private readonly double[]? _maxMomentums;
    private readonly Func<double, double>? _scaleFn;
    private readonly double _totalSize;
    private readonly double _stepRatio;

    /// <summary>Creates the scheduler (setting each group's lr to its base lr) and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="baseLr">Lower bound per group (one value for all, or one per group); each in <c>[0, 1e100]</c>.</param>
    /// <param name="maxLr">Upper bound per group (one value for all, or one per group); each in <c>[0, 1e100]</c>.</param>
    /// <param name="stepSizeUp">Steps of the rising half; in <c>[1, 2^53]</c>. Default 2000.</param>
    /// <param name="stepSizeDown">Steps of the falling half; in <c>[1, 2^53]</c>, or null for <paramref name="stepSizeUp"/>.</param>
    /// <param name="mode">The amplitude policy (ignored when <paramref name="scaleFn"/> is given). Default triangular.</param>
    /// <param name="gamma">Factor of exp_range; in <c>[0, 1]</c>. Default 1.</param>
    /// <param name="scaleFn">Custom scale function, or null for <paramref name="mode"/>'s. As PyTorch documents, it must return a value in <c>[0, 1]</c>; <see cref="LRScheduler.Step()"/> throws <see cref="InvalidOperationException"/> (changing nothing) when it does not.</param>
    /// <param name="scaleMode">What a custom scale function sees. Default <see cref="CyclicScaleMode.Cycle"/>.</param>
    /// <param name="cycleMomentum">Whether to cycle the momentum (the groups must support it). Default true.</param>
    /// <param name="baseMomentum">Lower momentum bound (one or one per group), each in <c>[0, 1e100]</c>. Default 0.8.</param>
    /// <param name="maxMomentum">Upper momentum bound (one or one per group), each in <c>[0, 1e100]</c>. Default 0.9.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public CyclicLR(
        IParameterGroups groups,
        IReadOnlyList<double> baseLr,
        IReadOnlyList<double> maxLr,
        long stepSizeUp = 2000,
        long? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular,
        double gamma = 1.0,
        Func<double, double>? scaleFn = null,
        CyclicScaleMode scaleMode = CyclicScaleMode.Cycle,
        bool cycleMomentum = true,
        IReadOnlyList<double>? baseMomentum = null,
        IReadOnlyList<double>? maxMomentum = null,
        long lastEpoch = -1)
        : base(groups)
    {
        _baseLrs = PerGroup.Expand(groups, baseLr, nameof(baseLr));
        _maxLrs = PerGroup.Expand(groups, maxLr, nameof(maxLr));
        Guard.InRange(stepSizeUp, 1, 1L << 53, nameof(stepSizeUp));
        Guard.InRange(stepSizeDown ?? stepSizeUp, 1, 1L << 53, nameof(stepSizeDown));
        if (!Enum.IsDefined(mode))
        {
            throw Guard.Invalid(nameof(mode), "must be triangular, triangular2 or exp_range; got " + (int)mode + ".");
        }

        Mode = mode;
        Gamma = Guard.InRange(gamma, 0, 1, nameof(gamma));
        _scaleFn = scaleFn;
        ScaleMode = scaleFn is not null ? scaleMode : mode == CyclicMode.ExpRange ? CyclicScaleMode.Iterations : CyclicScaleMode.Cycle;
        double up = stepSizeUp, down = stepSizeDown ?? stepSizeUp;
        _totalSize = up + down;
        _stepRatio = up / _totalSize;
        CycleMomentum = cycleMomentum;
        if (cycleMomentum)
        {
            // Checked before the groups are written (PyTorch sets the learning rates first): a rejected construction
            // changes nothing.
            CyclicMomentum.RequireSupport(groups, nameof(cycleMomentum));
            _baseMomentums = PerGroup.Expand(groups, baseMomentum ?? [0.8], nameof(baseMomentum));
            _maxMomentums = PerGroup.Expand(groups, maxMomentum ?? [0.9], nameof(maxMomentum));
        }

        if (lastEpoch == -1)
        {
            for (int i = 0; i < groups.Count; i++)
            {
                groups.SetLearningRate(i, _baseLrs[i]);
                if (cycleMomentum)
                {
                    // Stryker disable once Statement : equivalent, the initial step below sets every group's momentum from base and max momentum before anything reads it (PyTorch's own write in __init__).
                    groups.SetMomentum(i, _maxMomentums![i]);
                }
            }
        }

        Attach(lastEpoch);
        _baseLrs.CopyTo(BaseLrs, 0);
    }

    /// <summary>The amplitude policy.</summary>
    public CyclicMode Mode { get; }

    /// <summary>Factor of exp_range.</summary>
    public double Gamma { get; }

    /// <summary>What the scale function sees.</summary>
    public CyclicScaleMode ScaleMode { get; }

    /// <summary>Whether the momentum is cycled.</summary>
    public bool CycleMomentum { get; }

    private protected override string StateType => "CyclicLR";

    // With a built-in scale function every step sets the learning rates (and momentums) from last_epoch alone.
    internal override long SkippableSteps(long limit) => _scaleFn is null ? limit : 0;

    private protected override void GetLr(Span<double> destination)
    {
        double cycle = Math.Floor(1 + (LastEpoch / _totalSize));
        double x = 1.0 + (LastEpoch / _totalSize) - cycle;
        double scaleFactor = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
        double scale = Scale(ScaleMode == CyclicScaleMode.Cycle ? cycle : LastEpoch);
        if (!(scale >= 0 && scale <= 1))
        {
            // Only a custom scale_fn can do this (PyTorch documents 0 <= scale_fn(x) <= 1); nothing has been written yet.
            throw new InvalidOperationException("CyclicLR's scale function returned " + Guard.Format(scale) + " at last_epoch " + LastEpoch + "; it must return a value in [0, 1]. Nothing was changed.");
        }

        for (int i = 0; i < destination.Length; i++)
        {
            double baseHeight = (_maxLrs[i] - BaseLrs[i]) * scaleFactor;
            destination[i] = BaseLrs[i] + (baseHeight * scale);
        }

        if (CycleMomentum)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                double baseHeight = (_maxMomentums![i] - _baseMomentums![i]) * scaleFactor;
                Groups.SetMomentum(i, _maxMomentums[i] - (baseHeight * scale));
            }
        }
    }

    private double Scale(double x) => _scaleFn is not null ? _scaleFn(x) : Mode switch
    {
        CyclicMode.Triangular => 1.0,
        CyclicMode.Triangular2 => 1 / Math.Pow(2.0, x - 1),
        _ => Math.Pow(Gamma, x),
    };
}
