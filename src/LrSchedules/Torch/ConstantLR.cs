using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>PyTorch <c>ConstantLR</c>: the lr times <c>factor</c> until <c>total_iters</c>, then the lr itself.</summary>
public sealed class ConstantLR : LRScheduler
{
    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="factor">The factor; in <c>[1e-100, 1]</c> (PyTorch multiplies by <c>1 / factor</c> at <c>total_iters</c>: it accepts 0, and a subnormal factor makes that infinite). Default 1/3.</param>
    /// <param name="totalIters">Steps the factor applies for; in <c>[0, long.MaxValue]</c>. Default 5.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public ConstantLR(IParameterGroups groups, double factor = 1.0 / 3, long totalIters = 5, long lastEpoch = -1)
        : base(groups)
    {
        // PyTorch accepts 0 but then divides by it at total_iters; a subnormal factor makes 1 / factor infinite.
        Factor = TorchLimits.Factor(factor, nameof(factor), "PyTorch multiplies by 1 / factor at total_iters, which 0 or a subnormal factor makes infinite");
        TotalIters = Guard.NonNegative(totalIters, nameof(totalIters));
        Attach(lastEpoch);
    }

    /// <summary>The factor.</summary>
    public double Factor { get; }

    /// <summary>Steps the factor applies for.</summary>
    public long TotalIters { get; }

    private protected override string StateType => "ConstantLR";

    /// <summary>At <c>total_iters</c> the lr is multiplied by <c>1 / factor</c>.</summary>
    internal override double Gain => 1.0 / Factor;

    private protected override void GetLr(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            double lr = Groups.GetLearningRate(i);
            destination[i] = LastEpoch == 0 ? lr * Factor : LastEpoch != TotalIters ? lr : lr * (1.0 / Factor);
        }
    }

    internal override double ChainFactor(long epoch) => epoch != TotalIters ? 1 : 1.0 / Factor;

    internal override long IdentitySteps(long limit)
    {
        // The chainable form changes the learning rate only at epoch 0 and at total_iters.
        long next = LastEpoch + 1;
        return next <= TotalIters ? Math.Min(limit, TotalIters - next) : limit;
    }

    private protected override bool TryGetClosedFormLrAtZero(Span<double> destination)
    {
        // base_lr * (factor + (last_epoch >= total_iters) * (1 - factor)) at last_epoch 0: the bracket is 1 - factor
        // only for total_iters = 0 (and factor + (1 - factor) need not round to 1).
        double scale = TotalIters == 0 ? Factor + (1 - Factor) : Factor;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BaseLrs[i] * scale;
        }

        return true;
    }
}
