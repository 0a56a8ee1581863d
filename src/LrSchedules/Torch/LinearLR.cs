using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>PyTorch <c>LinearLR</c>: the lr factor moves linearly from <c>start_factor</c> to <c>end_factor</c> over <c>total_iters</c> steps.</summary>
public sealed class LinearLR : LRScheduler
{
    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="startFactor">Factor at step 0; in <c>[1e-100, 1]</c> (PyTorch's rule is <c>(0, 1]</c>; a subnormal factor makes the first step's ratio infinite). Default 1/3.</param>
    /// <param name="endFactor">Factor from <c>total_iters</c> on; in <c>[0, 1]</c>. Default 1.</param>
    /// <param name="totalIters">Length of the ramp; in <c>[1, long.MaxValue]</c>. Default 5.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public LinearLR(IParameterGroups groups, double startFactor = 1.0 / 3, double endFactor = 1.0, long totalIters = 5, long lastEpoch = -1)
        : base(groups)
    {
        StartFactor = TorchLimits.Factor(startFactor, nameof(startFactor), "PyTorch: starting multiplicative factor expected to be greater than 0 and less or equal to 1; a subnormal one makes the first step's ratio infinite");
        EndFactor = Guard.InRange(endFactor, 0, 1, nameof(endFactor));
        TotalIters = Guard.Positive(totalIters, nameof(totalIters));
        Attach(lastEpoch);
    }

    /// <summary>Factor at step 0.</summary>
    public double StartFactor { get; }

    /// <summary>Factor from <see cref="TotalIters"/> on.</summary>
    public double EndFactor { get; }

    /// <summary>Length of the ramp.</summary>
    public long TotalIters { get; }

    private protected override string StateType => "LinearLR";

    /// <summary>A rising ramp multiplies the lr by <c>end_factor / start_factor</c> in all.</summary>
    internal override double Gain => Math.Max(1, EndFactor / StartFactor);

    private protected override void GetLr(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            double lr = Groups.GetLearningRate(i);
            if (LastEpoch == 0)
            {
                destination[i] = lr * StartFactor;
            }
            else if (IsInitial || LastEpoch > TotalIters)
            {
                destination[i] = lr;
            }
            else
            {
                destination[i] = lr * Ratio(LastEpoch);
            }
        }
    }

    internal override long IdentitySteps(long limit) => LastEpoch + 1 > TotalIters ? limit : 0;

    // The recursive steps of epochs 1 to total_iters (those after it are identity steps).
    internal override long StepInBulk(long limit) => StepFactorsInBulk(limit, TotalIters, EpochRatios);

    /// <summary>PyTorch's chainable factor of epoch <paramref name="epoch"/> in [1, total_iters].</summary>
    private double Ratio(long epoch) => EpochRatios.At(epoch);

    /// <summary>The factors of <see cref="Ratio"/> with their invariant terms computed once.</summary>
    private Ratios EpochRatios => new(EndFactor - StartFactor, TotalIters * StartFactor);

    internal override double ChainFactor(long epoch) => epoch > TotalIters ? 1 : Ratio(epoch);

    /// <summary>
    /// PyTorch's chainable factor <c>1 + d / (start + (e - 1) d)</c> epoch by epoch, from its two invariant terms:
    /// <paramref name="difference"/> = <c>end_factor - start_factor</c> and <paramref name="start"/> = <c>total_iters *
    /// start_factor</c> (the same roundings, so the same bits).
    /// </summary>
    private readonly struct Ratios(double difference, double start) : IEpochFactor
    {
        public double At(long epoch) => 1.0 + (difference / (start + ((epoch - 1) * difference)));
    }

    private protected override bool TryGetClosedFormLrAtZero(Span<double> destination)
    {
        // base_lr * (start_factor + (end_factor - start_factor) * min(total_iters, last_epoch) / total_iters) at
        // last_epoch 0: the added term is a zero, and start_factor + 0 is start_factor.
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BaseLrs[i] * StartFactor;
        }

        return true;
    }
}
