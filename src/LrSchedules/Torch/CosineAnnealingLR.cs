using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>CosineAnnealingLR</c> in its recursive ("chainable") form, including the
/// <c>(last_epoch - 1 - T_max) % (2 T_max) == 0</c> branch: not the closed form past <c>T_max</c> or when chained.
/// </summary>
/// <remarks>
/// Each step computes <c>(1 + cos(pi e / T_max)) / (1 + cos(pi (e - 1) / T_max)) * (lr - eta_min) + eta_min</c> from the
/// group's current lr, with the same operations in the same order as PyTorch, so the sequence is bit-identical to
/// PyTorch's on the same libm. The recursion drifts from the closed form by rounding over long runs; see
/// <c>docs/pytorch.md</c>.
/// </remarks>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="tMax">Half period in steps (PyTorch <c>T_max</c>); in <c>[1, 2^24]</c> (from about 3e8 on PyTorch's ratio of cosines divides 0 by 0 near <c>T_max</c>).</param>
    /// <param name="etaMin">Minimum learning rate; in <c>[0, 1e100]</c> (a learning rate; PyTorch does not check). Default 0.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    public CosineAnnealingLR(IParameterGroups groups, long tMax, double etaMin = 0.0, long lastEpoch = -1)
        : base(groups)
    {
        TMax = Guard.InRange(tMax, 1, TorchLimits.MaxCosinePeriod, nameof(tMax));
        EtaMin = TorchLimits.LearningRate(etaMin, nameof(etaMin));
        Attach(lastEpoch);
    }

    /// <summary>Half period in steps (<c>T_max</c>).</summary>
    public long TMax { get; }

    /// <summary>Minimum learning rate (<c>eta_min</c>).</summary>
    public double EtaMin { get; }

    private protected override string StateType => "CosineAnnealingLR";

    /// <summary>
    /// The rising half multiplies the distance from <c>eta_min</c> by up to <c>2 / (1 + cos(pi (T_max + 1) / T_max))</c>
    /// (about <c>4 T_max^2 / pi^2</c>; the telescoped ratios of cosines), which amplifies what other chained schedulers did;
    /// bounded here with a margin, plus the additive <c>eta_min</c>.
    /// </summary>
    internal override double Gain
    {
        get
        {
            // 1 + cos(pi (T + 1) / T) = 1 - cos(pi / T) = 2 sin^2(pi / (2 T)), without the cancellation.
            double s = Math.Sin(Math.PI / (2 * TMax));
            return 2 + (8 / (s * s));
        }
    }

    private protected override void GetLr(Span<double> destination)
    {
        long e = LastEpoch;
        for (int i = 0; i < destination.Length; i++)
        {
            double lr = Groups.GetLearningRate(i);
            double baseLr = BaseLrs[i];
            // PyTorch's branch for _step_count == 1 and last_epoch > 0 (the closed form) cannot run: the initial step, also
            // when resuming with last_epoch >= 0, is the branch below, and every later step counts _step_count >= 2
            // (LoadState requires at least 1; a SequentialLR restart takes the closed form directly).
            if (IsInitial)
            {
                destination[i] = lr;
            }
            else if (IsRestart(e))
            {
                destination[i] = Restart(lr, baseLr);
            }
            else
            {
                destination[i] = (Ratio(Cos(e), Cos(e - 1)) * (lr - EtaMin)) + EtaMin;
            }
        }
    }

    internal override long StepInBulk(long limit)
    {
        long n = BulkLimit(limit);
        // Stryker disable once Block : equivalent, with n = 0 the loop below does nothing and CompleteBulk(0) writes back the values it read; the other two conditions cannot hold after construction.
        if (n == 0 || LastEpoch < 0 || StepCount < 1)
        {
            return 0;
        }

        // GetLr's branches for a step after the first (_step_count > 1), with each epoch's cosine computed once: the
        // ratio's denominator is the numerator's cosine of the epoch before (the same double expression), and the
        // restart epochs (e = T_max + 1 modulo 2 T_max) counted instead of a division per step.
        var values = BulkValues();
        long first = LastEpoch + 1;
        long last = LastEpoch + n;
        long period = 2 * TMax;
        long nextRestart = first + ((((TMax + 1 - first) % period) + period) % period);
        double previousCos = Cos(first - 1);
        for (long e = first; e <= last; e++)
        {
            if (e == nextRestart)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = Settled(Restart(values[i], BaseLrs[i]), i, e);
                }

                nextRestart += period;
                previousCos = Cos(e);
            }
            else
            {
                double cos = Cos(e);
                double ratio = Ratio(cos, previousCos);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = Settled((ratio * (values[i] - EtaMin)) + EtaMin, i, e);
                }

                previousCos = cos;
            }
        }

        return CompleteBulk(n);
    }

    /// <summary>Whether epoch <paramref name="epoch"/> is where PyTorch's recursion adds the restart term: <c>(e - 1 - T_max) % (2 T_max) == 0</c>.</summary>
    private bool IsRestart(long epoch) => (epoch - 1 - TMax) % (2 * TMax) == 0;

    /// <summary>PyTorch's restart step: <c>lr + (base_lr - eta_min) (1 - cos(pi / T_max)) / 2</c>.</summary>
    private double Restart(double lr, double baseLr) => lr + ((baseLr - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2);

    /// <summary><c>cos(pi e / T_max)</c>, as PyTorch computes it.</summary>
    private double Cos(long epoch) => Math.Cos(Math.PI * epoch / TMax);

    /// <summary>PyTorch's recursive factor <c>(1 + cos(pi e / T_max)) / (1 + cos(pi (e - 1) / T_max))</c> from the two cosines.</summary>
    private static double Ratio(double cos, double previousCos) => (1 + cos) / (1 + previousCos);

    private protected override bool TryGetClosedFormLrAtZero(Span<double> destination)
    {
        // eta_min + (base_lr - eta_min) (1 + cos(pi last_epoch / T_max)) / 2 at last_epoch 0: cos(0) = 1, and
        // x * 2 / 2 is x exactly (x is at most 1e100 here), which leaves eta_min + (base_lr - eta_min), not always base_lr.
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = EtaMin + (BaseLrs[i] - EtaMin);
        }

        return true;
    }
}
