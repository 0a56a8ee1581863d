using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>PyTorch <c>StepLR</c>: multiplies the lr by <c>gamma</c> every <c>step_size</c> steps.</summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="stepSize">Period of the decay; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="gamma">Decay factor; in <c>[0, 1]</c> (a growing factor would overflow to infinity; PyTorch does not check). Default 0.1.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public StepLR(IParameterGroups groups, long stepSize, double gamma = 0.1, long lastEpoch = -1)
        : base(groups)
    {
        StepSize = Guard.Positive(stepSize, nameof(stepSize));
        Gamma = Guard.InRange(gamma, 0, 1, nameof(gamma));
        Attach(lastEpoch);
    }

    /// <summary>Period of the decay.</summary>
    public long StepSize { get; }

    /// <summary>Decay factor.</summary>
    public double Gamma { get; }

    private protected override string StateType => "StepLR";

    private protected override void GetLr(Span<double> destination)
    {
        bool decay = LastEpoch != 0 && LastEpoch % StepSize == 0;
        for (int i = 0; i < destination.Length; i++)
        {
            double lr = Groups.GetLearningRate(i);
            destination[i] = decay ? lr * Gamma : lr;
        }
    }

    internal override double ChainFactor(long epoch) => epoch % StepSize == 0 ? Gamma : 1;

    internal override long IdentitySteps(long limit)
    {
        // Between decays (last_epoch % step_size != 0) the chainable form returns the learning rate unchanged.
        long next = LastEpoch + 1;
        long r = next % StepSize;
        return r == 0 ? 0 : Math.Min(limit, StepSize - r);
    }

    internal override long StepInBulk(long limit)
    {
        long n = BulkLimit(limit);
        // Stryker disable once all : equivalent, with n = 0 the loop below does nothing and CompleteBulk(0) writes back the values it read; last_epoch < 0 cannot hold past the initial step, and at last_epoch 0 a normal step gives what one bulk step does.
        if (n == 0 || LastEpoch < 0)
        {
            return 0;
        }

        // The decays among the epochs (last_epoch, last_epoch + n], one multiplication each, in order.
        long decays = ((LastEpoch + n) / StepSize) - (LastEpoch / StepSize);
        var values = BulkValues();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Decay(values[i], Gamma, decays);
        }

        return CompleteBulk(n);
    }

    // base_lr * gamma^(last_epoch // step_size) at last_epoch 0.
    private protected override bool TryGetClosedFormLrAtZero(Span<double> destination) => BaseLrsAsClosedForm(destination);
}
