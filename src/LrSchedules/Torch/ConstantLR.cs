using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>PyTorch <c>ConstantLR</c>: the lr times <c>factor</c> until <c>total_iters</c>, then the lr itself.</summary>
public sealed class ConstantLR : LRScheduler
{
    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="factor">The factor; in <c>(0, 1]</c>. Default 1/3.</param>
    /// <param name="totalIters">Steps the factor applies for; in <c>[0, long.MaxValue]</c>. Default 5.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public ConstantLR(IParameterGroups groups, double factor = 1.0 / 3, long totalIters = 5, long lastEpoch = -1)
        : base(groups)
    {
        if (!(factor > 0 && factor <= 1))
        {
            // PyTorch accepts 0 but then divides by it at total_iters.
            throw Guard.OutOfRange(nameof(factor), "must be in (0, 1] (PyTorch multiplies by 1 / factor at total_iters); got " + Guard.Format(factor) + ".");
        }

        Factor = factor;
        TotalIters = Guard.NonNegative(totalIters, nameof(totalIters));
        Attach(lastEpoch);
    }

    /// <summary>The factor.</summary>
    public double Factor { get; }

    /// <summary>Steps the factor applies for.</summary>
    public long TotalIters { get; }

    private protected override string StateType => "ConstantLR";

    private protected override void GetLr(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            double lr = Groups.GetLearningRate(i);
            destination[i] = LastEpoch == 0 ? lr * Factor : LastEpoch != TotalIters ? lr : lr * (1.0 / Factor);
        }
    }

    private protected override bool TryGetClosedFormLr(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BaseLrs[i] * (Factor + ((LastEpoch >= TotalIters ? 1 : 0) * (1 - Factor)));
        }

        return true;
    }
}
