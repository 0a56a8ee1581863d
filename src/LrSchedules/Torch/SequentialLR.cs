using System.Text.Json.Nodes;
using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>SequentialLR</c> (2.14): hands the steps to one child scheduler after another at the milestones. At a
/// milestone the next child restarts at epoch 0 through its closed form (PyTorch's <c>_update_lr(0)</c>).
/// </summary>
/// <remarks>
/// Construction does what PyTorch 2.14's does: resets every group's lr to its <c>initial_lr</c>, undoes one step of every
/// leaf scheduler (they were stepped once when constructed; <c>recursive_undo</c> reaches the children of a composite
/// child) and performs the initial step of the child in effect at epoch 0, <c>bisect_right(milestones, 0)</c>: a
/// milestone 0 skips the children before it (PyTorch 1.13 always started the first child; docs/pytorch.md).
/// </remarks>
public sealed class SequentialLR : LRScheduler
{
    private readonly LRScheduler[] _schedulers;
    private readonly long[] _milestones;

    /// <summary>Creates the sequence.</summary>
    /// <param name="groups">The parameter groups every child drives; not null.</param>
    /// <param name="schedulers">The children, at least one, all constructed over <paramref name="groups"/>, none already the child of a composite.
    /// Only the first (or one whose milestone is 0, which never restarts it) may be a <see cref="ChainedScheduler"/> or
    /// <see cref="SequentialLR"/>: a later child restarts at its milestone through its own formula, which a composite does
    /// not have (PyTorch raises at that milestone).</param>
    /// <param name="milestones">One fewer than <paramref name="schedulers"/>, in non-decreasing order, each in <c>[0, long.MaxValue]</c>.</param>
    /// <param name="lastEpoch">-1 to start. Default -1.</param>
    public SequentialLR(IParameterGroups groups, IReadOnlyList<LRScheduler> schedulers, IReadOnlyList<long> milestones, long lastEpoch = -1)
        : base(groups)
    {
        _schedulers = Composite.Check(groups, schedulers, nameof(schedulers));
        _milestones = [.. Guard.NotNull(milestones, nameof(milestones))];
        if (_milestones.Length != _schedulers.Length - 1)
        {
            throw Guard.Invalid(nameof(milestones), "must have one entry fewer than schedulers (" + (_schedulers.Length - 1) + "); got " + _milestones.Length + ".");
        }

        for (int i = 0; i < _milestones.Length; i++)
        {
            Guard.NonNegative(_milestones[i], nameof(milestones));
            if (i > 0 && _milestones[i] < _milestones[i - 1])
            {
                throw Guard.Invalid(nameof(milestones), "must be in non-decreasing order; got " + _milestones[i] + " after " + _milestones[i - 1] + ".");
            }
        }

        for (int i = 1; i < _schedulers.Length; i++)
        {
            if (_schedulers[i] is ChainedScheduler or SequentialLR && _milestones[i - 1] > 0)
            {
                throw Guard.Invalid(nameof(schedulers), "can hold a ChainedScheduler or SequentialLR only as the first scheduler (or after a milestone 0): the one at index " + i + " would restart at its milestone " + _milestones[i - 1] + " through a formula a composite does not have (PyTorch raises NotImplementedError there).");
            }
        }

        LastEpoch = Guard.InRange(lastEpoch, -1, long.MaxValue - 1, nameof(lastEpoch)) + 1;
        for (int i = 0; i < groups.Count; i++)
        {
            groups.SetLearningRate(i, groups.GetInitialLearningRate(i) ?? groups.GetLearningRate(i));
        }

        Composite.Adopt(this, _schedulers);
        UndoStep();
        _schedulers[Numerics.UpperBound(_milestones, 0)].InitialStep();
        RecordLastLr();
    }

    /// <summary>The children.</summary>
    public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

    private protected override string StateType => "SequentialLR";

    private protected override bool CountsSteps => false;

    private protected override bool IsComposite => true;

    internal override bool CanAdvanceInSchedule
    {
        get
        {
            // The next step restarts a child at its milestone (always possible) or steps the current one.
            long next = LastEpoch + 1;
            int idx = Numerics.UpperBound(_milestones, next);
            return (idx > 0 && _milestones[idx - 1] == next) || _schedulers[idx].CanAdvanceInSchedule;
        }
    }

    /// <summary>One child runs at a time, and each restarts from its base learning rates: the largest child's gain.</summary>
    internal override double Gain => _schedulers.Max(s => s.Gain);

    /// <summary>PyTorch's <c>step()</c>.</summary>
    /// <exception cref="InvalidOperationException"><see cref="LRScheduler.LastEpoch"/> is already 2^50, or the child's step threw.</exception>
    public override void Step()
    {
        EnsureCanStep();
        LastEpoch++;
        int idx = Numerics.UpperBound(_milestones, LastEpoch);
        var scheduler = _schedulers[idx];
        try
        {
            if (idx > 0 && _milestones[idx - 1] == LastEpoch)
            {
                scheduler.UpdateLr(0);
            }
            else
            {
                scheduler.Step();
            }
        }
        catch
        {
            LastEpoch--;
            throw;
        }

        RecordLastLr();
    }

    internal override long IdentitySteps(long limit) => Current(out long toMilestone) is { } child ? child.IdentitySteps(Math.Min(limit, toMilestone)) : 0;

    // The step after the skipped ones stays in the current child's segment (before the next milestone): a child
    // restarting at its milestone may read the learning rates the skipped steps did not write.
    internal override long SkippableSteps(long limit) => Current(out long toMilestone) is { } child ? child.SkippableSteps(Math.Min(limit, toMilestone - 1)) : 0;

    internal override void Skip(long count)
    {
        Current(out _)!.Skip(count);
        base.Skip(count);
    }

    internal override long StepInBulk(long limit)
    {
        long done = Current(out long toMilestone) is { } child ? child.StepInBulk(Math.Min(Math.Min(limit, toMilestone), TorchLimits.MaxEpoch - LastEpoch)) : 0;
        if (done > 0)
        {
            LastEpoch += done;
            RecordLastLr();
        }

        return done;
    }

    /// <summary>
    /// The child that steps the next epoch, and in <paramref name="toMilestone"/> how many epochs it steps before the next
    /// milestone (<see cref="long.MaxValue"/> after the last); null if the next epoch is a milestone (a restart).
    /// </summary>
    private LRScheduler? Current(out long toMilestone)
    {
        long next = LastEpoch + 1;
        int idx = Numerics.UpperBound(_milestones, next);
        toMilestone = idx < _milestones.Length ? _milestones[idx] - next : long.MaxValue;
        return idx > 0 && _milestones[idx - 1] == next ? null : _schedulers[idx];
    }

    internal override void UndoStep()
    {
        foreach (var s in _schedulers)
        {
            s.UndoStep();
        }
    }

    private protected override void GetLr(Span<double> destination)
        // Stryker disable once all : equivalent (unreachable), SequentialLR calls a child's GetLr only to restart it at a milestone, and its constructor rejects a composite child there.
        => throw new NotSupportedException("SequentialLR has no learning-rate formula of its own; it cannot be a child that restarts at a milestone.");

    private protected override void SaveExtraState(JsonObject state)
    {
        state["_milestones"] = StateJson.Array(_milestones);
        state["_schedulers"] = Composite.SaveChildren(_schedulers);
    }

    private protected override Action PrepareExtraState(StateReader reader, long lastEpoch)
    {
        long[] milestones = reader.Longs("_milestones", _milestones.Length);
        for (int i = 0; i < milestones.Length; i++)
        {
            if (milestones[i] != _milestones[i])
            {
                throw reader.Fail("_milestones", "differ from this scheduler's milestones.");
            }
        }

        return Composite.PrepareChildren(reader, _schedulers);
    }
}
