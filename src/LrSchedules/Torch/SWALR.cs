using LrSchedules.Internal;
using LrSchedules.Schedules;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>torch.optim.swa_utils.SWALR</c> (2.14): anneals each group's learning rate to its SWA learning rate over
/// <see cref="AnnealEpochs"/> steps, then holds it.
/// </summary>
/// <remarks>
/// <para>PyTorch's <c>get_lr()</c>, with <c>s = _step_count - 1</c> (raised to 1 when <c>anneal_epochs</c> is 0),
/// <c>A = max(1, anneal_epochs)</c>, <c>f(t) = t</c> (linear) or <c>(1 - cos(pi t)) / 2</c> (cos),
/// <c>a' = f(clamp((s - 1) / A, 0, 1))</c> and <c>a = f(clamp(s / A, 0, 1))</c>: it recovers the learning rate the
/// annealing started from, <c>p = swa_lr</c> if <c>a' = 1</c>, else <c>(lr - a' * swa_lr) / (1 - a')</c>, and returns
/// <c>swa_lr * a + p * (1 - a)</c>. So it follows whatever the group's lr was when it took over (other schedulers may
/// have changed it), and reaches <c>swa_lr</c> exactly at step <c>anneal_epochs</c>.</para>
/// <para>It counts steps with <c>_step_count</c>, not <c>last_epoch</c>: a restart at a <see cref="SequentialLR"/>
/// milestone (PyTorch's <c>_update_lr(0)</c>) evaluates at the current step count, as PyTorch does.</para>
/// </remarks>
public sealed class SWALR : LRScheduler
{
    /// <summary>The largest <c>anneal_epochs</c>, 2^24: beyond it <c>1 - f(t)</c> near the end of a cosine anneal is so
    /// small that PyTorch's recovery <c>(lr - a' swa_lr) / (1 - a')</c> amplifies rounding by more than 1e13.</summary>
    public const long MaxAnnealEpochs = 1L << 24;

    private readonly double[] _swaLrs;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="swaLr">PyTorch's <c>swa_lr</c>: one value for every group, or one per group; each finite, in <c>[0, 1e100]</c>.</param>
    /// <param name="annealEpochs">Steps of the annealing; in <c>[0, 2^24]</c>. 0 jumps to <paramref name="swaLr"/> at the first step. Default 10.</param>
    /// <param name="annealStrategy"><see cref="Interpolation.Cosine"/> (PyTorch <c>"cos"</c>, the default) or <see cref="Interpolation.Linear"/>.</param>
    /// <param name="lastEpoch">-1 to start. Default -1.</param>
    public SWALR(IParameterGroups groups, IReadOnlyList<double> swaLr, long annealEpochs = 10, Interpolation annealStrategy = Interpolation.Cosine, long lastEpoch = -1)
        : base(groups)
    {
        _swaLrs = PerGroup.Expand(groups, swaLr, nameof(swaLr));
        if (!Enum.IsDefined(annealStrategy))
        {
            throw Guard.Invalid(nameof(annealStrategy), "must be cos or linear; got " + (int)annealStrategy + ".");
        }

        AnnealStrategy = annealStrategy;
        AnnealEpochs = Guard.InRange(annealEpochs, 0, MaxAnnealEpochs, nameof(annealEpochs));
        Attach(lastEpoch);
    }

    /// <summary>The SWA learning rate of each group.</summary>
    public IReadOnlyList<double> SwaLearningRates => _swaLrs;

    /// <summary>Steps of the annealing.</summary>
    public long AnnealEpochs { get; }

    /// <summary>Cosine or linear annealing.</summary>
    public Interpolation AnnealStrategy { get; }

    private protected override string StateType => "SWALR";

    // Once the previous step's alpha is 1 (the anneal is over), every step sets each group to its swa_lr: swa_lr * 1 +
    // swa_lr * 0. The next step's (step - 1) is _step_count - 1 (at least 0, or 1 - 1 with anneal_epochs 0).
    internal override long SkippableSteps(long limit) => (AnnealEpochs == 0 ? Math.Max(1, StepCount) : StepCount) - 1 >= Math.Max(1, AnnealEpochs) ? limit : 0;

    private protected override void GetLr(Span<double> destination)
    {
        long step = StepCount - 1;
        if (AnnealEpochs == 0)
        {
            step = Math.Max(1, step);
        }

        double length = Math.Max(1, AnnealEpochs);
        double previousAlpha = Anneal(Math.Max(0, Math.Min(1, (step - 1) / length)));
        double alpha = Anneal(Math.Max(0, Math.Min(1, step / length)));
        for (int i = 0; i < destination.Length; i++)
        {
            double swa = _swaLrs[i];
            double lr = Groups.GetLearningRate(i);
            double previous = previousAlpha == 1 ? swa : (lr - (previousAlpha * swa)) / (1 - previousAlpha);
            destination[i] = (swa * alpha) + (previous * (1 - alpha));
        }
    }

    private double Anneal(double t) => AnnealStrategy == Interpolation.Linear ? t : (1 - Math.Cos(Math.PI * t)) / 2;
}
