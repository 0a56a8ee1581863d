using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>PyTorch <c>PolynomialLR</c>: decays the lr polynomially to 0 over <c>total_iters</c> steps (recursive form).</summary>
public sealed class PolynomialLR : LRScheduler
{
    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="totalIters">Length of the decay; in <c>[1, long.MaxValue]</c>. Default 5.</param>
    /// <param name="power">Power of the polynomial; finite, in <c>[0, +inf)</c> (a negative power grows the lr to infinity at <c>total_iters</c>, where PyTorch raises ZeroDivisionError). Default 1.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public PolynomialLR(IParameterGroups groups, long totalIters = 5, double power = 1.0, long lastEpoch = -1)
        : base(groups)
    {
        TotalIters = Guard.Positive(totalIters, nameof(totalIters));
        Power = Guard.NonNegative(power, nameof(power));
        Attach(lastEpoch);
    }

    /// <summary>Length of the decay.</summary>
    public long TotalIters { get; }

    /// <summary>Power of the polynomial.</summary>
    public double Power { get; }

    private protected override string StateType => "PolynomialLR";

    private protected override void GetLr(Span<double> destination)
    {
        double factor = 1;
        bool hold = IsInitial || LastEpoch > TotalIters;
        if (!hold)
        {
            factor = Factor(LastEpoch);
        }

        for (int i = 0; i < destination.Length; i++)
        {
            double lr = Groups.GetLearningRate(i);
            destination[i] = hold ? lr : lr * factor;
        }
    }

    internal override long IdentitySteps(long limit) => LastEpoch + 1 > TotalIters ? limit : 0;

    // The recursive steps of epochs 1 to total_iters (those after it are identity steps).
    internal override long StepInBulk(long limit) => StepFactorsInBulk(limit, TotalIters, new Factors(this));

    /// <summary>PyTorch's chainable factor of epoch <paramref name="epoch"/> in [1, total_iters].</summary>
    private double Factor(long epoch) => Math.Pow((1.0 - ((double)epoch / TotalIters)) / (1.0 - ((double)(epoch - 1) / TotalIters)), Power);

    internal override double ChainFactor(long epoch) => epoch > TotalIters ? 1 : Factor(epoch);

    /// <summary>Factor of epoch by epoch, for <see cref="LRScheduler.StepFactorsInBulk"/>.</summary>
    private readonly struct Factors(PolynomialLR scheduler) : IEpochFactor
    {
        public double At(long epoch) => scheduler.Factor(epoch);
    }

    // base_lr * (1 - min(total_iters, last_epoch) / total_iters)^power at last_epoch 0.
    private protected override bool TryGetClosedFormLrAtZero(Span<double> destination) => BaseLrsAsClosedForm(destination);
}
