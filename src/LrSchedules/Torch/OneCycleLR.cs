using LrSchedules.Internal;
using LrSchedules.Schedules;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>OneCycleLR</c>: two or three phases between <c>max_lr / div_factor</c>, <c>max_lr</c> and
/// <c>initial_lr / final_div_factor</c>, per group, with momentum cycled inversely. Stepping past <c>total_steps</c>
/// throws, as in PyTorch, but leaves the scheduler unchanged.
/// </summary>
public sealed class OneCycleLR : LRScheduler
{
    private readonly double[] _initialLrs;
    private readonly double[] _maxLrs;
    private readonly double[] _minLrs;
    private readonly double[]? _baseMomentums;
    private readonly double[]? _maxMomentums;
    private readonly (double End, int StartLr, int EndLr, int StartMomentum, int EndMomentum)[] _phases;

    /// <summary>Creates the scheduler (recording each group's initial, max and min lr) and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="maxLr">Peak per group (one value or one per group); each in <c>[0, 1e100]</c>.</param>
    /// <param name="totalSteps">Total steps of the cycle; in <c>[2, 2^53]</c>. Give this or <paramref name="epochs"/> and <paramref name="stepsPerEpoch"/>.</param>
    /// <param name="epochs">Epochs, used with <paramref name="stepsPerEpoch"/> when <paramref name="totalSteps"/> is null; in <c>[1, 2^31]</c>.</param>
    /// <param name="stepsPerEpoch">Steps per epoch; in <c>[1, 2^31]</c>.</param>
    /// <param name="pctStart">Fraction of the cycle spent rising; in <c>[0, 1]</c>, and every phase must span more than 0 steps. Default 0.3.</param>
    /// <param name="annealStrategy">Cosine (PyTorch "cos") or linear. Default cosine.</param>
    /// <param name="cycleMomentum">Whether to cycle the momentum (the groups must support it). Default true.</param>
    /// <param name="baseMomentum">Lower momentum bound (one or one per group), each in <c>[0, 1e100]</c>. Default 0.85.</param>
    /// <param name="maxMomentum">Upper momentum bound (one or one per group), each in <c>[0, 1e100]</c>. Default 0.95.</param>
    /// <param name="divFactor">Initial lr is <c>max_lr / div_factor</c>; finite, in <c>(0, +inf)</c>, with every <c>max_lr / div_factor &lt;= 1e100</c> (PyTorch accepts a negative one, which makes the rates negative). Default 25.</param>
    /// <param name="finalDivFactor">Minimum lr is <c>initial_lr / final_div_factor</c>; finite, in <c>(0, +inf)</c>, with every <c>initial_lr / final_div_factor &lt;= 1e100</c> (PyTorch accepts 1e-320, which makes the minimum infinite). Default 1e4.</param>
    /// <param name="threePhase">Whether to use three phases. Default false.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming; in <c>[-1, totalSteps - 1]</c>.</param>
    public OneCycleLR(
        IParameterGroups groups,
        IReadOnlyList<double> maxLr,
        long? totalSteps = null,
        long? epochs = null,
        long? stepsPerEpoch = null,
        double pctStart = 0.3,
        Interpolation annealStrategy = Interpolation.Cosine,
        bool cycleMomentum = true,
        IReadOnlyList<double>? baseMomentum = null,
        IReadOnlyList<double>? maxMomentum = null,
        double divFactor = 25.0,
        double finalDivFactor = 1e4,
        bool threePhase = false,
        long lastEpoch = -1)
        : base(groups)
    {
        if (totalSteps is long t)
        {
            TotalSteps = Guard.InRange(t, 2, 1L << 53, nameof(totalSteps));
        }
        else if (epochs is long e && stepsPerEpoch is long s)
        {
            TotalSteps = Guard.InRange(Guard.InRange(e, 1, 1L << 31, nameof(epochs)) * Guard.InRange(s, 1, 1L << 31, nameof(stepsPerEpoch)), 2, 1L << 53, nameof(epochs));
        }
        else
        {
            throw Guard.Invalid(nameof(totalSteps), "or both epochs and stepsPerEpoch must be given (PyTorch: you must define either total_steps OR (epochs AND steps_per_epoch)).");
        }

        // PyTorch's initial step to last_epoch + 1 raises past total_steps; reject it as an argument instead.
        Guard.InRange(lastEpoch, -1, TotalSteps - 1, nameof(lastEpoch));
        PctStart = Guard.InRange(pctStart, 0, 1, nameof(pctStart));
        if (!Enum.IsDefined(annealStrategy))
        {
            throw Guard.Invalid(nameof(annealStrategy), "must be cos or linear; got " + (int)annealStrategy + ".");
        }

        AnnealStrategy = annealStrategy;
        Guard.Positive(divFactor, nameof(divFactor));
        Guard.Positive(finalDivFactor, nameof(finalDivFactor));

        // Indices into (initial, max, min) and (max momentum, base momentum), as PyTorch's phase dictionaries name them.
        const int Initial = 0, Max = 1, Min = 2, MaxM = 0, BaseM = 1;
        _phases = threePhase
            ? [((pctStart * TotalSteps) - 1, Initial, Max, MaxM, BaseM), ((2 * pctStart * TotalSteps) - 2, Max, Initial, BaseM, MaxM), (TotalSteps - 1, Initial, Min, MaxM, MaxM)]
            : [((pctStart * TotalSteps) - 1, Initial, Max, MaxM, BaseM), (TotalSteps - 1, Max, Min, BaseM, MaxM)];
        double previous = 0;
        foreach (var phase in _phases)
        {
            if (!(phase.End > previous))
            {
                throw Guard.OutOfRange(nameof(pctStart), "must give every phase a positive length (a phase ends at step " + Guard.Format(phase.End) + ", after " + Guard.Format(previous) + "; PyTorch would divide by zero or go backwards); got " + Guard.Format(pctStart) + ".");
            }

            previous = phase.End;
        }

        _maxLrs = PerGroup.Expand(groups, maxLr, nameof(maxLr));
        _initialLrs = new double[groups.Count];
        _minLrs = new double[groups.Count];
        for (int i = 0; i < groups.Count; i++)
        {
            _initialLrs[i] = _maxLrs[i] / divFactor;
            _minLrs[i] = _initialLrs[i] / finalDivFactor;
            if (Guard.Recording is null && !(_initialLrs[i] <= TorchLimits.MaxLearningRate))
            {
                throw Guard.OutOfRange(nameof(divFactor), "must keep the initial learning rate max_lr / div_factor in [0, 1e100]; got " + Guard.Format(divFactor) + " (max_lr " + Guard.Format(_maxLrs[i]) + ").");
            }

            if (Guard.Recording is null && !(_minLrs[i] <= TorchLimits.MaxLearningRate))
            {
                throw Guard.OutOfRange(nameof(finalDivFactor), "must keep the minimum learning rate initial_lr / final_div_factor in [0, 1e100]; got " + Guard.Format(finalDivFactor) + " (initial_lr " + Guard.Format(_initialLrs[i]) + ").");
            }
        }

        CycleMomentum = cycleMomentum;
        if (cycleMomentum)
        {
            // Checked before the groups are written (PyTorch sets initial_lr first): a rejected construction changes nothing.
            CyclicMomentum.RequireSupport(groups, nameof(cycleMomentum));
            _maxMomentums = PerGroup.Expand(groups, maxMomentum ?? [0.95], nameof(maxMomentum));
            _baseMomentums = PerGroup.Expand(groups, baseMomentum ?? [0.85], nameof(baseMomentum));
        }

        if (lastEpoch == -1)
        {
            for (int i = 0; i < groups.Count; i++)
            {
                groups.SetInitialLearningRate(i, _initialLrs[i]);
                if (cycleMomentum)
                {
                    // Stryker disable once Statement : equivalent, the initial step below sets every group's momentum from base and max momentum before anything reads it (PyTorch's own write in __init__).
                    groups.SetMomentum(i, _maxMomentums![i]);
                }
            }
        }

        Attach(lastEpoch);
    }

    /// <summary>Total steps of the cycle.</summary>
    public long TotalSteps { get; }

    /// <summary>Fraction of the cycle spent rising.</summary>
    public double PctStart { get; }

    /// <summary>Cosine or linear annealing.</summary>
    public Interpolation AnnealStrategy { get; }

    /// <summary>Whether the momentum is cycled.</summary>
    public bool CycleMomentum { get; }

    private protected override string StateType => "OneCycleLR";

    internal override bool CanAdvanceInSchedule => LastEpoch < TotalSteps - 1;

    // Every step sets the learning rates (and momentums) from last_epoch alone; the step after the skipped ones is at
    // most total_steps - 1, the last a schedule takes.
    internal override long SkippableSteps(long limit) => Math.Max(0, Math.Min(limit, TotalSteps - 2 - LastEpoch));

    private protected override Action PrepareExtraState(StateReader reader, long lastEpoch)
    {
        // The scheduler never steps past total_steps.
        if (lastEpoch > TotalSteps)
        {
            throw reader.Fail("last_epoch", "must be at most total_steps (" + TotalSteps + "); got " + lastEpoch + ".");
        }

        return () => { };
    }

    /// <summary>PyTorch's <c>step()</c>.</summary>
    /// <exception cref="InvalidOperationException">The step would pass <see cref="TotalSteps"/> (PyTorch raises <c>ValueError</c>); nothing changes.</exception>
    public override void Step()
    {
        if (LastEpoch + 1 > TotalSteps)
        {
            throw new InvalidOperationException("Tried to step " + (LastEpoch + 1) + " times. The specified number of total steps is " + TotalSteps + ".");
        }

        base.Step();
    }

    private protected override void GetLr(Span<double> destination)
    {
        long stepNum = LastEpoch;
        for (int g = 0; g < destination.Length; g++)
        {
            double startStep = 0.0;
            for (int i = 0; i < _phases.Length; i++)
            {
                var phase = _phases[i];
                if (stepNum <= phase.End || i == _phases.Length - 1)
                {
                    double pct = (stepNum - startStep) / (phase.End - startStep);
                    destination[g] = Anneal(Lr(g, phase.StartLr), Lr(g, phase.EndLr), pct);
                    if (CycleMomentum)
                    {
                        Groups.SetMomentum(g, Anneal(Momentum(g, phase.StartMomentum), Momentum(g, phase.EndMomentum), pct));
                    }

                    break;
                }

                startStep = phase.End;
            }
        }
    }

    private double Lr(int group, int which) => which switch
    {
        0 => _initialLrs[group],
        1 => _maxLrs[group],
        _ => _minLrs[group],
    };

    private double Momentum(int group, int which) => which == 0 ? _maxMomentums![group] : _baseMomentums![group];

    private double Anneal(double start, double end, double pct)
    {
        if (AnnealStrategy == Interpolation.Cosine)
        {
            double cosOut = Math.Cos(Math.PI * pct) + 1;
            return end + ((start - end) / 2.0 * cosOut);
        }

        return ((end - start) * pct) + start;
    }
}
