using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>MultiStepLR</c>: multiplies the lr by <c>gamma</c> at each milestone; a milestone listed <c>n</c> times
/// multiplies by <c>gamma^n</c> (PyTorch counts milestones with a <c>Counter</c>). Milestones may be given in any order.
/// </summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly long[] _sorted;

    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="milestones">Steps at which to decay; not null, each in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="gamma">Decay factor; finite, in <c>[0, +inf)</c>, with <c>gamma^n &lt;= 1e200</c> for the <c>n</c> milestones (so every value stays finite). Default 0.1.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public MultiStepLR(IParameterGroups groups, IEnumerable<long> milestones, double gamma = 0.1, long lastEpoch = -1)
        : base(groups)
    {
        _sorted = Guard.NotNull(milestones, nameof(milestones)).Order().ToArray();
        foreach (long m in _sorted)
        {
            Guard.NonNegative(m, nameof(milestones));
        }

        Gamma = Guard.NonNegative(gamma, nameof(gamma));
        TorchLimits.RequireGain(Gain, nameof(gamma), "gamma^" + _sorted.Length + " (one factor per milestone)");
        Attach(lastEpoch);
    }

    /// <summary>The milestones, sorted, repeats kept.</summary>
    public ReadOnlySpan<long> Milestones => _sorted;

    /// <summary>Decay factor.</summary>
    public double Gamma { get; }

    private protected override string StateType => "MultiStepLR";

    /// <summary><c>gamma^n</c> over the <c>n</c> milestones, for a growing <c>gamma</c>.</summary>
    // Stryker disable once Equality : equivalent, at gamma = 1 both branches give 1.
    internal override double Gain => Gamma > 1 ? Math.Pow(Gamma, _sorted.Length) : 1;

    private protected override void GetLr(Span<double> destination)
    {
        int count = Numerics.UpperBound(_sorted, LastEpoch) - Numerics.UpperBound(_sorted, LastEpoch - 1);
        for (int i = 0; i < destination.Length; i++)
        {
            double lr = Groups.GetLearningRate(i);
            // Stryker disable once Conditional : equivalent, lr * gamma^0 is lr * 1 = lr exactly (the shortcut skips a pow).
            destination[i] = count == 0 ? lr : lr * Math.Pow(Gamma, count);
        }
    }

    internal override double ChainFactor(long epoch)
    {
        int count = Numerics.UpperBound(_sorted, epoch) - Numerics.UpperBound(_sorted, epoch - 1);
        // Stryker disable once Conditional : equivalent, gamma^0 is 1 (the shortcut skips a pow).
        return count == 0 ? 1 : Math.Pow(Gamma, count);
    }

    internal override long IdentitySteps(long limit)
    {
        // The chainable form changes the learning rate only at a milestone.
        long next = LastEpoch + 1;
        int k = Numerics.UpperBound(_sorted, next - 1);
        return k == _sorted.Length ? limit : Math.Min(limit, _sorted[k] - next);
    }

    private protected override bool TryGetClosedFormLrAtZero(Span<double> destination)
    {
        // base_lr * gamma^bisect_right(milestones, last_epoch) at last_epoch 0: the milestones at or below 0 count.
        int k = Numerics.UpperBound(_sorted, 0);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BaseLrs[i] * Math.Pow(Gamma, k);
        }

        return true;
    }
}
