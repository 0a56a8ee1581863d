using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>
/// A PyTorch-compatible scheduler exposed as a schedule: what <see cref="Specs.ScheduleSpec.Parse(string)"/> returns for a
/// <c>torch.*</c> spec. The value at step <c>k</c> is the group's learning rate after <c>k</c> calls of <c>step()</c> on a
/// freshly constructed scheduler over fresh parameter groups (k = 0 is right after construction), exactly as PyTorch
/// would produce it; for <c>ReduceLROnPlateau</c>, step <c>k</c> has seen <c>metrics[0..k-1]</c>.
/// </summary>
/// <remarks>
/// <para>Evaluation replays the scheduler from step 0 (or from where the previous evaluation stopped), so a random
/// <see cref="LearningRateSchedule.GetLearningRate(long)"/> costs up to O(step): read ranges in increasing order, use a span,
/// or drive a scheduler directly for long runs. After the end of a finite history — <c>OneCycleLR</c>'s
/// <c>total_steps</c> (where PyTorch raises) or the last metric of <c>ReduceLROnPlateau</c> — the last value holds.</para>
/// <para>Immutable and thread-safe: evaluations replay a private scheduler under a lock and resume it when a range starts at or
/// after where the previous one ended, so consecutive ranges cost O(total steps). Equality is by the spec's JSON.</para>
/// </remarks>
public sealed record TorchSchedule : LearningRateSchedule, IGroupedSchedule
{
    private readonly Func<ParameterGroups, ITorchScheduler> _create;
    private readonly double[] _lrs;
    private readonly double[]? _momentums;
    private readonly ReplayCursor _replay = new();

    /// <summary>Steps per chunk of a <see cref="float"/> span (a stack buffer of doubles).</summary>
    private const int FloatChunk = 256;

    internal TorchSchedule(string spec, double[] learningRates, double[]? momentums, double[]? metrics, Func<ParameterGroups, ITorchScheduler> create)
    {
        Spec = spec;
        _lrs = learningRates;
        _momentums = momentums;
        Metrics = metrics is null ? null : new EquatableArray<double>(metrics);
        _create = create;
        HasMomentum = momentums is not null;
    }

    /// <summary>The <c>torch.*</c> spec, as compact JSON.</summary>
    public string Spec { get; }

    /// <summary>The metric history a <c>ReduceLROnPlateau</c> sees, or null.</summary>
    public EquatableArray<double>? Metrics { get; }

    /// <inheritdoc/>
    public int GroupCount => _lrs.Length;

    /// <inheritdoc/>
    public bool HasMomentum { get; }

    /// <inheritdoc/>
    public bool Equals(TorchSchedule? other) => other is not null && Spec == other.Spec && Equals(Metrics, other.Metrics);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Spec, Metrics);

    /// <summary>Creates the scheduler this schedule replays, over fresh parameter groups (for driving it step by step).</summary>
    /// <returns>The scheduler, right after construction.</returns>
    public ITorchScheduler CreateScheduler() => _create(new ParameterGroups(_lrs, _momentums));

    /// <inheritdoc/>
    public void EvaluateGroups(long firstStep, int stepCount, Span<double> learningRates, Span<double> momentums)
    {
        Guard.StepRange(firstStep, stepCount);
        Guard.InRange(stepCount, 0, int.MaxValue / GroupCount, nameof(stepCount));
        int n = stepCount * GroupCount;
        if (learningRates.Length < n)
        {
            throw Guard.Invalid(nameof(learningRates), "must hold stepCount * GroupCount = " + n + " values; got " + learningRates.Length + ".");
        }

        if (momentums.Length != 0 && (!HasMomentum || momentums.Length < n))
        {
            throw Guard.Invalid(nameof(momentums), HasMomentum ? "must be empty or hold stepCount * GroupCount = " + n + " values; got " + momentums.Length + "." : "must be empty: this schedule has no momentum.");
        }

        Replay(firstStep, stepCount, GroupCount, learningRates, momentums.Length == 0 ? null : momentums);
    }

    internal override double ValueAt(long step)
    {
        Span<double> value = stackalloc double[1];
        Replay(step, 1, 1, value, default);
        return value[0];
    }

    // Group 0's values only: written straight into the destination, never through a buffer of every group.
    internal override void EvaluateCore(long firstStep, Span<double> destination) => Replay(firstStep, destination.Length, 1, destination, default);

    internal override void EvaluateCore(long firstStep, Span<float> destination)
    {
        // Through a fixed stack buffer, chunk by chunk: the replay resumes where the previous chunk ended.
        Span<double> chunk = stackalloc double[FloatChunk];
        for (int done = 0; done < destination.Length;)
        {
            int n = Math.Min(FloatChunk, destination.Length - done);
            var values = chunk[..n];
            Replay(firstStep + done, n, 1, values, default);
            for (int k = 0; k < n; k++)
            {
                destination[done + k] = Segments.ToSingle(values[k]);
            }

            done += n;
        }
    }

    /// <summary>
    /// Builds the scheduler and steps it, recording the rows <c>[firstStep, firstStep + count)</c>: the first
    /// <paramref name="groups"/> groups of each (every group, or only group 0), <paramref name="groups"/> values per row.
    /// </summary>
    private void Replay(long firstStep, int count, int groups, Span<double> lrs, Span<double> momentums)
    {
        // One replaying scheduler is kept between calls, so reading consecutive ranges (as lrs eval does, chunk by
        // chunk) costs O(total steps) instead of restarting from step 0 each time. The lock keeps the schedule
        // thread-safe; the cursor is never observable.
        lock (_replay)
        {
            if (_replay.Scheduler is null || _replay.Step > firstStep)
            {
                _replay.Scheduler = CreateScheduler();
                _replay.Step = 0;
            }

            while (_replay.Step < firstStep)
            {
                Advance();
            }

            for (int k = 0; k < count; k++)
            {
                if (k > 0)
                {
                    Advance();
                }

                int row = k * groups;
                for (int g = 0; g < groups; g++)
                {
                    // +0 for a -0 (a "lr": -0.0 in the spec): no schedule of the library returns -0.
                    lrs[row + g] = Guard.PositiveZero(_replay.Scheduler.Groups.GetLearningRate(g));
                    if (!momentums.IsEmpty)
                    {
                        momentums[row + g] = _replay.Scheduler.Groups.GetMomentum(g);
                    }
                }
            }
        }
    }

    private void Advance()
    {
        long step = _replay.Step + 1;
        if (CanStep(_replay.Scheduler!, step))
        {
            StepOnce(_replay.Scheduler!, step);
        }

        _replay.Step = step;
    }

    /// <summary>The private replaying scheduler and the step whose values it holds; guarded by locking the instance.</summary>
    private sealed class ReplayCursor
    {
        public ITorchScheduler? Scheduler { get; set; }

        public long Step { get; set; }
    }

    private bool CanStep(ITorchScheduler scheduler, long step) => scheduler switch
    {
        ReduceLROnPlateau => Metrics is not null && step - 1 < Metrics.Count,
        // PyTorch also allows step total_steps itself, where the last phase extrapolates past its end (a linear anneal
        // goes below the minimum, even negative); the schedule holds the value of step total_steps - 1 instead, also when
        // the OneCycleLR is the child a SequentialLR or ChainedScheduler would step next.
        LRScheduler s => s.CanAdvanceInSchedule,
        _ => true,
    };

    private void StepOnce(ITorchScheduler scheduler, long step)
    {
        if (scheduler is ReduceLROnPlateau plateau)
        {
            plateau.Step(Metrics![(int)(step - 1)]);
        }
        else
        {
            ((LRScheduler)scheduler).Step();
        }
    }
}
