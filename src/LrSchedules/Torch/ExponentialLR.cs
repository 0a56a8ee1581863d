using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>PyTorch <c>ExponentialLR</c>: multiplies the lr by <c>gamma</c> every step.</summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="gamma">Factor per step; in <c>[0, 1]</c> (a growing factor would overflow to infinity; PyTorch does not check).</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public ExponentialLR(IParameterGroups groups, double gamma, long lastEpoch = -1)
        : base(groups)
    {
        Gamma = Guard.InRange(gamma, 0, 1, nameof(gamma));
        Attach(lastEpoch);
    }

    /// <summary>Factor per step.</summary>
    public double Gamma { get; }

    private protected override string StateType => "ExponentialLR";

    private protected override void GetLr(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            double lr = Groups.GetLearningRate(i);
            destination[i] = IsInitial ? lr : lr * Gamma;
        }
    }

    internal override long IdentitySteps(long limit) => Gamma == 1 ? limit : 0;

    internal override double ChainFactor(long epoch) => Gamma;

    internal override long StepInBulk(long limit)
    {
        long n = BulkLimit(limit);
        // Stryker disable once Block : equivalent, with n = 0 the loop below does nothing and CompleteBulk(0) writes back the values it read.
        if (n == 0)
        {
            return 0;
        }

        var values = BulkValues();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Decay(values[i], Gamma, n);
        }

        return CompleteBulk(n);
    }

    // base_lr * gamma^last_epoch at last_epoch 0.
    private protected override bool TryGetClosedFormLrAtZero(Span<double> destination) => BaseLrsAsClosedForm(destination);
}
