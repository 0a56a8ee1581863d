using System.Text.Json.Nodes;
using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>
/// A PyTorch-compatible scheduler exposed as a schedule: what <see cref="Specs.ScheduleSpec.Parse(string)"/> returns for a
/// <c>torch.*</c> spec. The value at step <c>k</c> is the group's learning rate after <c>k</c> calls of <c>step()</c> on a
/// freshly constructed scheduler over fresh parameter groups (k = 0 is right after construction), exactly as PyTorch
/// would produce it; for <c>ReduceLROnPlateau</c>, step <c>k</c> has seen <c>metrics[0..k-1]</c>.
/// </summary>
/// <remarks>
/// <para>Evaluation reaches a step the way stepping would, bit for bit, but skips what PyTorch's arithmetic lets it skip:
/// steps whose chainable form is the identity, the steps of path-independent schedulers (whose every step sets the
/// learning rate from the epoch alone: <c>CyclicLR</c>, <c>OneCycleLR</c>, <c>CosineAnnealingWarmRestarts</c>, an
/// annealed <c>SWALR</c>), and runs the recursions that are the value (<c>ExponentialLR</c>, <c>CosineAnnealingLR</c>,
/// ...) in tight loops, leaving checkpoints along long replays so an earlier step does not replay from 0 (see
/// docs/pytorch.md, "Cost: random access"). After the end of a finite history — <c>OneCycleLR</c>'s
/// <c>total_steps</c> (where PyTorch raises), the last metric of <c>ReduceLROnPlateau</c>, or <c>last_epoch</c>
/// 2^50, the largest this port steps to — the last value holds.</para>
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
        // chunk) costs O(total steps) instead of restarting from step 0 each time; a range before the cursor resumes from
        // the latest checkpoint at or before it. The lock keeps the schedule thread-safe; the cursor is never observable.
        lock (_replay)
        {
            if (_replay.Scheduler is null || _replay.Step > firstStep)
            {
                _replay.Rewind(firstStep, CreateScheduler);
            }

            AdvanceTo(firstStep);
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
                    lrs[row + g] = Guard.PositiveZero(_replay.Scheduler!.Groups.GetLearningRate(g));
                    if (!momentums.IsEmpty)
                    {
                        momentums[row + g] = _replay.Scheduler.Groups.GetMomentum(g);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Moves the cursor to <paramref name="target"/> as fast as the scheduler allows, bit-identical to stepping there
    /// one step at a time: skips the steps that change nothing or that the next step overwrites
    /// (<see cref="LRScheduler.SkippableSteps"/>), runs recursions in tight loops (<see cref="LRScheduler.StepInBulk"/>),
    /// steps the rest, stops at the end of a finite history, and records checkpoints along long replays.
    /// </summary>
    private void AdvanceTo(long target)
    {
        var cursor = _replay;
        while (cursor.Step < target)
        {
            var scheduler = cursor.Scheduler!;
            if (!CanStep(scheduler, cursor.Step + 1))
            {
                // The end of a finite history: the values hold from here on, and the scheduler never steps again.
                cursor.Step = target;
                return;
            }

            if (scheduler is LRScheduler s)
            {
                long skip = s.SkippableSteps(Math.Min(target - cursor.Step - 1, TorchLimits.MaxEpoch - 1 - s.LastEpoch));
                if (skip > 0)
                {
                    s.Skip(skip);
                    cursor.Step += skip;
                }

                long bulk = s.StepInBulk(Math.Min(target - cursor.Step, cursor.UntilCheckpoint));
                if (bulk > 0)
                {
                    cursor.Step += bulk;
                    cursor.Replayed(bulk);
                    continue;
                }
            }

            Advance();
            cursor.Replayed(1);
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

    /// <summary>
    /// The private replaying scheduler, the step whose values it holds, and checkpoints of it (its state and its groups'
    /// state) along long replays, so that reading a step before the cursor does not replay from 0; guarded by locking the
    /// instance.
    /// </summary>
    private sealed class ReplayCursor
    {
        /// <summary>The most checkpoints kept; past it every other one is dropped and the spacing doubles.</summary>
        private const int MaxCheckpoints = 64;

        private readonly List<(long Step, JsonObject State, JsonObject Groups)> _checkpoints = [];
        private long _spacing = 1 << 16;
        private long _sinceCheckpoint;

        public ITorchScheduler? Scheduler { get; private set; }

        public long Step { get; set; }

        /// <summary>Replayed steps left before the next checkpoint is due (at least 1).</summary>
        public long UntilCheckpoint => Math.Max(1, _spacing - _sinceCheckpoint);

        /// <summary>Counts <paramref name="steps"/> replayed steps (skipped ones cost nothing) and records a checkpoint when one is due.</summary>
        public void Replayed(long steps)
        {
            _sinceCheckpoint += steps;
            if (_sinceCheckpoint < _spacing)
            {
                return;
            }

            _sinceCheckpoint = 0;
            if (_checkpoints.Count > 0 && _checkpoints[^1].Step >= Step)
            {
                // Replaying again after a rewind: the checkpoints ahead are still there (the list stays in step order).
                return;
            }

            _checkpoints.Add((Step, Scheduler!.SaveState(), ((ParameterGroups)Scheduler.Groups).SaveState()));
            if (_checkpoints.Count > MaxCheckpoints)
            {
                // Keep the even-numbered ones (the oldest included), so the spacing stays even.
                for (int i = _checkpoints.Count - 1; i >= 0; i--)
                {
                    if (i % 2 == 1)
                    {
                        _checkpoints.RemoveAt(i);
                    }
                }

                _spacing *= 2;
            }
        }

        /// <summary>Restarts from the latest checkpoint at or before <paramref name="step"/>, or from a new scheduler at step 0.</summary>
        public void Rewind(long step, Func<ITorchScheduler> create)
        {
            Scheduler = create();
            Step = 0;
            _sinceCheckpoint = 0;
            for (int i = _checkpoints.Count - 1; i >= 0; i--)
            {
                var (at, state, groups) = _checkpoints[i];
                if (at <= step)
                {
                    ((ParameterGroups)Scheduler.Groups).LoadState(groups);
                    Scheduler.LoadState(state);
                    Step = at;
                    return;
                }
            }
        }
    }

    private bool CanStep(ITorchScheduler scheduler, long step) => scheduler switch
    {
        ReduceLROnPlateau => Metrics is not null && step - 1 < Metrics.Count,
        // PyTorch also allows step total_steps itself, where the last phase extrapolates past its end (a linear anneal
        // goes below the minimum, even negative); the schedule holds the value of step total_steps - 1 instead, also when
        // the OneCycleLR is the child a SequentialLR or ChainedScheduler would step next.
        LRScheduler s => s.CanAdvanceInSchedule && s.LastEpoch < TorchLimits.MaxEpoch,
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
