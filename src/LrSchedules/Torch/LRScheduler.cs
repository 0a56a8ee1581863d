using System.Text.Json.Nodes;
using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>
/// The base of the PyTorch-compatible stateful schedulers: a port of <c>torch.optim.lr_scheduler.LRScheduler</c>
/// (PyTorch 2.x) that steps a set of <see cref="IParameterGroups"/> exactly as PyTorch steps an optimizer's
/// <c>param_groups</c>, doing the same floating-point operations in the same order.
/// </summary>
/// <remarks>
/// <para>Construction records each group's <c>initial_lr</c> (if no scheduler has yet), takes those as the base learning
/// rates and performs PyTorch's initial step, so <see cref="LastEpoch"/> is 0 and the groups hold the step-0 learning
/// rates. Each <see cref="Step()"/> then advances one step with the recursive ("chainable") form, reading and writing
/// the groups' current learning rates, so other schedulers on the same groups compose as in PyTorch.</para>
/// <para>Not thread-safe: step a scheduler from one thread at a time, like the optimizer it drives. <see cref="Step()"/>
/// allocates nothing.</para>
/// </remarks>
public abstract class LRScheduler : ITorchScheduler
{
    private readonly double[] _lastLr;
    private readonly double[] _values;

    /// <summary>Prepares a scheduler over <paramref name="groups"/>; the derived constructor finishes with <see cref="Attach"/>.</summary>
    /// <param name="groups">The parameter groups; not null, at least one.</param>
    private protected LRScheduler(IParameterGroups groups)
    {
        Groups = Guard.NotNull(groups, nameof(groups));
        if (groups.Count < 1)
        {
            throw Guard.Invalid(nameof(groups), "must hold at least one parameter group; got none.");
        }

        BaseLrs = new double[groups.Count];
        _lastLr = new double[groups.Count];
        _values = new double[groups.Count];
    }

    /// <inheritdoc/>
    public IParameterGroups Groups { get; }

    /// <inheritdoc/>
    public long LastEpoch { get; private protected set; }

    /// <summary>PyTorch's <c>base_lrs</c>: the learning rates the closed forms scale, one per group.</summary>
    public ReadOnlySpan<double> BaseLearningRates => BaseLrs;

    /// <summary>PyTorch's <c>_step_count</c>.</summary>
    internal long StepCount { get; set; }

    /// <summary>PyTorch's <c>_is_initial</c>: true during the initial step.</summary>
    private protected bool IsInitial { get; private set; }

    /// <summary>The base learning rates (mutable for the schedulers that replace them, as CyclicLR does).</summary>
    private protected double[] BaseLrs { get; }

    /// <summary>The type name written into the saved state.</summary>
    private protected abstract string StateType { get; }

    /// <summary>PyTorch's <c>step()</c>: advances one step.</summary>
    public virtual void Step()
    {
        StepCount++;
        UpdateLr(null);
    }

    /// <inheritdoc/>
    public ReadOnlySpan<double> GetLastLr() => _lastLr;

    /// <inheritdoc/>
    public virtual JsonObject SaveState()
    {
        var state = new JsonObject
        {
            ["type"] = StateType,
            ["last_epoch"] = LastEpoch,
            ["_step_count"] = StepCount,
            ["base_lrs"] = StateJson.Array(BaseLrs),
            ["_last_lr"] = StateJson.Array(_lastLr),
        };
        SaveExtraState(state);
        return state;
    }

    /// <inheritdoc/>
    public void LoadState(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Action apply = PrepareLoad(state);
        apply();
    }

    /// <summary>
    /// Validates a saved state completely and returns the action that applies it, so composite schedulers can validate
    /// every child before changing any.
    /// </summary>
    internal Action PrepareLoad(JsonObject state)
    {
        var reader = new StateReader(state, StateType);
        reader.ExpectType(StateType);
        long lastEpoch = reader.Long("last_epoch");
        long stepCount = reader.Long("_step_count");
        double[] baseLrs = reader.Doubles("base_lrs", Groups.Count);
        double[] lastLr = reader.Doubles("_last_lr", Groups.Count);
        Action extra = PrepareExtraState(reader);
        reader.EnsureNoOtherFields();
        return () =>
        {
            LastEpoch = lastEpoch;
            StepCount = stepCount;
            baseLrs.CopyTo(BaseLrs, 0);
            lastLr.CopyTo(_lastLr, 0);
            extra();
        };
    }

    /// <summary>Writes the fields of a derived scheduler's state.</summary>
    private protected virtual void SaveExtraState(JsonObject state)
    {
    }

    /// <summary>Reads and validates the fields of a derived scheduler's state; returns the action that applies them.</summary>
    private protected virtual Action PrepareExtraState(StateReader reader) => () => { };

    /// <summary>
    /// Finishes construction as PyTorch's <c>LRScheduler.__init__</c> does: records <c>initial_lr</c> (or requires it
    /// when resuming with <paramref name="lastEpoch"/> &gt;= 0), takes the base learning rates, and performs the initial step.
    /// </summary>
    private protected void Attach(long lastEpoch)
    {
        Guard.InRange(lastEpoch, -1, long.MaxValue - 1, nameof(lastEpoch));
        for (int i = 0; i < Groups.Count; i++)
        {
            double? initial = Groups.GetInitialLearningRate(i);
            if (initial is null)
            {
                if (lastEpoch != -1)
                {
                    throw Guard.Invalid(nameof(lastEpoch), "can be >= 0 only when resuming: parameter group " + i + " has no initial learning rate.");
                }

                Groups.SetInitialLearningRate(i, Groups.GetLearningRate(i));
            }

            BaseLrs[i] = Groups.GetInitialLearningRate(i)!.Value;
        }

        LastEpoch = lastEpoch;
        InitialStep();
    }

    /// <summary>PyTorch's <c>_initial_step</c>: resets the step count and performs a step in initial mode.</summary>
    internal void InitialStep()
    {
        StepCount = 0;
        IsInitial = true;
        try
        {
            Step();
        }
        finally
        {
            IsInitial = false;
        }
    }

    /// <summary>PyTorch's <c>_update_lr(epoch)</c>: the chainable form without an epoch, the closed form (if any) with one.</summary>
    internal void UpdateLr(long? epoch)
    {
        if (epoch is long e)
        {
            LastEpoch = e;
            if (!TryGetClosedFormLr(_values))
            {
                GetLr(_values);
            }
        }
        else
        {
            LastEpoch++;
            GetLr(_values);
        }

        WriteValues();
    }

    /// <summary>Sets <see cref="LastEpoch"/>, evaluates the chainable form and writes it to the groups (schedulers with their own step logic).</summary>
    private protected void ApplyAt(long lastEpoch)
    {
        LastEpoch = lastEpoch;
        GetLr(_values);
        WriteValues();
    }

    /// <summary>Decrements <see cref="LastEpoch"/> (SequentialLR's <c>recursive_undo</c>).</summary>
    internal virtual void UndoStep() => LastEpoch--;

    private void WriteValues()
    {
        for (int i = 0; i < _values.Length; i++)
        {
            Groups.SetLearningRate(i, _values[i]);
        }

        RecordLastLr();
    }

    /// <summary>Copies the groups' learning rates into the last-lr buffer.</summary>
    private protected void RecordLastLr()
    {
        for (int i = 0; i < _lastLr.Length; i++)
        {
            _lastLr[i] = Groups.GetLearningRate(i);
        }
    }

    /// <summary>PyTorch's <c>get_lr()</c>: the chainable form, written into <paramref name="destination"/> (one value per group).</summary>
    private protected abstract void GetLr(Span<double> destination);

    /// <summary>PyTorch's <c>_get_closed_form_lr()</c>, for the schedulers that have one.</summary>
    private protected virtual bool TryGetClosedFormLr(Span<double> destination) => false;
}
