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
    /// <summary>The parameter groups a scheduler drives, checked: not null, at least one (<see cref="ReduceLROnPlateau"/> too).</summary>
    internal static IParameterGroups RequireGroups(IParameterGroups groups)
    {
        Guard.NotNull(groups, nameof(groups));
        if (groups.Count < 1)
        {
            throw Guard.Invalid(nameof(groups), "must hold at least one parameter group; got none.");
        }

        return groups;
    }

    /// <param name="groups">The parameter groups; not null, at least one.</param>
    private protected LRScheduler(IParameterGroups groups)
    {
        Groups = RequireGroups(groups);
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
    /// <exception cref="InvalidOperationException"><see cref="LastEpoch"/> is already 2^50, the largest this port steps to, or a
    /// learning rate would not be finite (only a delegate of <see cref="LambdaLR"/>, <see cref="MultiplicativeLR"/> or
    /// <see cref="CyclicLR"/>, or a group learning rate set by hand beyond what the schedule reaches, can cause this); the
    /// scheduler and its groups are then unchanged.</exception>
    public virtual void Step()
    {
        EnsureCanStep();
        StepCount++;
        try
        {
            UpdateLr(null);
        }
        catch
        {
            StepCount--;
            throw;
        }
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
        // A leaf waiting for its milestone has been undone once by every SequentialLR above it (recursive_undo): its
        // last_epoch goes down to -(that number), and its _step_count exceeds last_epoch + 1 by as much.
        long undos = Math.Max(1, SequentialAncestors());
        long lastEpoch = reader.Long("last_epoch", IsComposite ? 0 : -undos, TorchLimits.MaxEpoch);
        long stepCount = CountsSteps
            ? reader.Long("_step_count", 1, lastEpoch + 1 + undos)
            : reader.Long("_step_count", 0, 0);
        double[] baseLrs = reader.Doubles("base_lrs", Groups.Count, 0, TorchLimits.MaxLearningRate);
        double[] lastLr = reader.Doubles("_last_lr", Groups.Count, 0, double.MaxValue);
        Action extra = PrepareExtraState(reader, lastEpoch);
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

    /// <summary>The number of <see cref="SequentialLR"/> composites above this scheduler.</summary>
    private long SequentialAncestors()
    {
        long count = 0;
        for (var owner = Owner; owner is not null; owner = owner.Owner)
        {
            count += owner is SequentialLR ? 1 : 0;
        }

        return count;
    }

    /// <summary>Writes the fields of a derived scheduler's state.</summary>
    private protected virtual void SaveExtraState(JsonObject state)
    {
    }

    /// <summary>Reads and validates the fields of a derived scheduler's state (and their invariants with <paramref name="lastEpoch"/>); returns the action that applies them.</summary>
    private protected virtual Action PrepareExtraState(StateReader reader, long lastEpoch) => () => { };

    /// <summary>
    /// Whether <see cref="Step()"/> counts <see cref="StepCount"/> (PyTorch's <c>LRScheduler.step</c>): then a saved
    /// <c>_step_count</c> is in <c>[1, last_epoch + 2]</c> (+2 for a child a composite first scheduler steps at
    /// construction); the schedulers with their own <c>step()</c> keep it at 0.
    /// </summary>
    private protected virtual bool CountsSteps => true;

    /// <summary>
    /// Whether this is a <see cref="SequentialLR"/> or <see cref="ChainedScheduler"/>, whose <c>last_epoch</c> is never -1
    /// (a leaf's is -1 while it waits, undone, for its milestone in a SequentialLR).
    /// </summary>
    private protected virtual bool IsComposite => false;

    /// <summary>
    /// The most this scheduler can raise a group's learning rate over its lifetime, as a factor of the largest learning rate
    /// it reads or holds (1 for decays and for schedulers that set the lr from their own bounds). A
    /// <see cref="ChainedScheduler"/> multiplies its children's, and requires the product to be at most
    /// <see cref="TorchLimits.MaxGain"/>, so that no chain of accepted arguments overflows.
    /// </summary>
    internal virtual double Gain => 1;

    /// <summary>
    /// Whether a <see cref="TorchSchedule"/> replaying this scheduler steps it once more: false once a <see cref="OneCycleLR"/>
    /// (alone, or the child a composite would step next) is at <c>total_steps - 1</c>, the end of its cycle (PyTorch raises
    /// one step later, after extrapolating the last phase); the schedule then holds its values.
    /// </summary>
    internal virtual bool CanAdvanceInSchedule => true;

    /// <summary>
    /// How many of the next steps, at most <paramref name="limit"/>, leave every group's learning rate (and momentum)
    /// exactly as it is whatever it is — steps whose chainable form is the identity (a <see cref="StepLR"/> between
    /// decays, a <see cref="LinearLR"/> after <c>total_iters</c>); <see cref="Skip"/> may pass over them. 0 by default.
    /// Asked only of a scheduler past its initial step (<c>last_epoch &gt;= 0</c>: the next epoch is at least 1).
    /// </summary>
    /// <param name="limit">The most to report; at least 0.</param>
    internal virtual long IdentitySteps(long limit) => 0;

    /// <summary>
    /// How many of the next steps, at most <paramref name="limit"/>, <see cref="Skip"/> may pass over so that the step
    /// after them gives bit for bit what stepping through them would: the <see cref="IdentitySteps"/>, or any steps of a
    /// scheduler whose every step sets the groups from its counters alone (path-independent: <see cref="CyclicLR"/>,
    /// <see cref="OneCycleLR"/>, <see cref="CosineAnnealingWarmRestarts"/>, an annealed <see cref="SWALR"/>). Asked only
    /// of a scheduler past its initial step.
    /// </summary>
    /// <param name="limit">The most to report; at least 0.</param>
    internal virtual long SkippableSteps(long limit) => IdentitySteps(limit);

    /// <summary>
    /// Passes over <paramref name="count"/> steps that <see cref="SkippableSteps"/> allowed: the counters advance as that
    /// many <see cref="Step()"/> calls would advance them; the groups and the last learning rates are not touched (the
    /// next <see cref="Step()"/> writes them).
    /// </summary>
    internal virtual void Skip(long count)
    {
        LastEpoch += count;
        if (CountsSteps)
        {
            StepCount += count;
        }
    }

    /// <summary>
    /// Performs up to <paramref name="limit"/> steps in one tight loop over the group values, bit-identical to that many
    /// <see cref="Step()"/> calls (the recursive schedulers whose recursion is the value: <see cref="ExponentialLR"/>,
    /// <see cref="CosineAnnealingLR"/>, and the windows of <see cref="StepLR"/>, <see cref="LinearLR"/> and
    /// <see cref="PolynomialLR"/>); returns how many it performed, 0 where it has no such loop (then step normally).
    /// Only a scheduler that alone drives its groups (no <see cref="ChainedScheduler"/> above it) may do this.
    /// </summary>
    /// <param name="limit">The most steps to perform; at least 0.</param>
    internal virtual long StepInBulk(long limit) => 0;

    /// <summary>
    /// For a <see cref="ChainedScheduler"/>'s tight loop: the one factor this scheduler's chainable form multiplies every
    /// group's learning rate by at epoch <paramref name="epoch"/> (its <see cref="LastEpoch"/> after that step, at least 1,
    /// past its initial step), with the same operations as its <see cref="Step()"/>; NaN where its form is not such a
    /// factor (the chain then steps it normally).
    /// </summary>
    internal virtual double ChainFactor(long epoch) => double.NaN;

    /// <summary>
    /// <see cref="StepInBulk"/> of a <see cref="ChainedScheduler"/> (this) whose children all have a
    /// <see cref="ChainFactor"/>: each epoch multiplies the values by every child's factor in order, each product settled
    /// as that child's step settles it, and records each child's last learning rates as its step would; stops before an
    /// epoch at which a child has no factor or a product is not finite (the chain's <see cref="Step()"/> then takes it, and
    /// throws as it does).
    /// </summary>
    private protected long StepChainInBulk(LRScheduler[] children, double[] next, long limit)
    {
        long n = BulkLimit(limit);
        foreach (var child in children)
        {
            n = Math.Min(n, TorchLimits.MaxEpoch - child.LastEpoch);
        }

        if (n <= 0)
        {
            return 0;
        }

        var values = BulkValues();
        long done = 0;
        for (; done < n; done++)
        {
            if (!ChainEpoch(children, values, next, done + 1))
            {
                break;
            }

            next.CopyTo(values);
        }

        foreach (var child in children)
        {
            child.LastEpoch += done;
            if (child.CountsSteps)
            {
                child.StepCount += done;
            }
        }

        LastEpoch += done;
        WriteValues();
        return done;
    }

    /// <summary>
    /// One epoch of <see cref="StepChainInBulk"/> from <paramref name="values"/> into <paramref name="next"/>, each child's
    /// last learning rates recorded once its products are done; false where a child has no factor or a product is not
    /// finite. The children recorded before such a stop hold what their own steps of that epoch write, so the chain's
    /// normal step that follows leaves everything as sequential steps do.
    /// </summary>
    private static bool ChainEpoch(LRScheduler[] children, Span<double> values, Span<double> next, long ahead)
    {
        values.CopyTo(next);
        foreach (var child in children)
        {
            double f = child.ChainFactor(child.LastEpoch + ahead);
            if (double.IsNaN(f))
            {
                return false;
            }

            for (int i = 0; i < next.Length; i++)
            {
                // Settled's arithmetic: a product at or below 0 is +0; a product that is not finite is left to Step().
                double product = next[i] * f;
                if (!double.IsFinite(product))
                {
                    return false;
                }

                next[i] = product <= 0 ? 0 : product;
            }

            next.CopyTo(child._lastLr);
        }

        return true;
    }

    /// <summary>A chainable factor of an epoch, for <see cref="StepFactorsInBulk"/>.</summary>
    private protected interface IEpochFactor
    {
        /// <summary>The factor the chainable form multiplies the learning rate by at epoch <paramref name="epoch"/>.</summary>
        double At(long epoch);
    }

    /// <summary>
    /// <see cref="StepInBulk"/> for a chainable form that multiplies every group's learning rate by one factor per epoch
    /// (<see cref="LinearLR"/> and <see cref="PolynomialLR"/> up to <c>total_iters</c>): at most <paramref name="limit"/>
    /// steps and none past epoch <paramref name="lastEpoch"/>; each product settled as <see cref="Step()"/> settles it.
    /// </summary>
    private protected long StepFactorsInBulk<TFactor>(long limit, long lastEpoch, in TFactor factor)
        where TFactor : struct, IEpochFactor
    {
        long n = Math.Min(BulkLimit(limit), lastEpoch - LastEpoch);
        if (n <= 0 || LastEpoch < 0)
        {
            return 0;
        }

        var values = BulkValues();
        long last = LastEpoch + n;
        if (values.Length == 1)
        {
            // One group (the common case) with its value in a register: Settled only where the product leaves (0, max].
            double v = values[0];
            for (long e = LastEpoch + 1; e <= last; e++)
            {
                double next = v * factor.At(e);
                v = next > 0 && next <= double.MaxValue ? next : Settled(next, 0, e);
            }

            values[0] = v;
            return CompleteBulk(n);
        }

        for (long e = LastEpoch + 1; e <= last; e++)
        {
            double f = factor.At(e);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Settled(values[i] * f, i, e);
            }
        }

        return CompleteBulk(n);
    }

    /// <summary>
    /// Whether no <see cref="ChainedScheduler"/> is above this scheduler, so that no other scheduler writes its groups
    /// between its steps (a <see cref="SequentialLR"/> steps one child at a time), and it is past its initial step:
    /// then <see cref="StepInBulk"/> may run.
    /// </summary>
    private protected bool DrivesGroupsAlone
    {
        get
        {
            for (var owner = Owner; owner is not null; owner = owner.Owner)
            {
                if (owner is ChainedScheduler)
                {
                    return false;
                }
            }

            return !IsInitial;
        }
    }

    /// <summary>The number of steps <see cref="StepInBulk"/> may perform: at most <paramref name="limit"/>, never past <see cref="TorchLimits.MaxEpoch"/>.</summary>
    private protected long BulkLimit(long limit) => DrivesGroupsAlone ? Math.Max(0, Math.Min(limit, TorchLimits.MaxEpoch - LastEpoch)) : 0;

    /// <summary>
    /// Ends a <see cref="StepInBulk"/> of <paramref name="count"/> steps: the counters advance, the values in the scratch
    /// buffer (see <see cref="BulkValues"/>) are written to the groups and recorded as the last learning rates.
    /// </summary>
    private protected long CompleteBulk(long count)
    {
        LastEpoch += count;
        StepCount += count;
        WriteValues();
        return count;
    }

    /// <summary>
    /// The scratch buffer a <see cref="StepInBulk"/> works in, one value per group, loaded with the groups' current
    /// learning rates.
    /// </summary>
    private protected Span<double> BulkValues()
    {
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = Groups.GetLearningRate(i);
        }

        return _values;
    }

    /// <summary>The composite this scheduler is a child of, or null: a scheduler can be the child of one composite, once.</summary>
    internal LRScheduler? Owner { get; set; }

    /// <summary>
    /// Finishes construction as PyTorch's <c>LRScheduler.__init__</c> does: records <c>initial_lr</c> (or requires it
    /// when resuming with <paramref name="lastEpoch"/> &gt;= 0), takes the base learning rates, and performs the initial step.
    /// </summary>
    private protected void Attach(long lastEpoch)
    {
        Guard.InRange(lastEpoch, -1, TorchLimits.MaxEpoch - 1, nameof(lastEpoch));
        for (int i = 0; i < Groups.Count; i++)
        {
            double? initial = Groups.GetInitialLearningRate(i);
            if (initial is null && lastEpoch != -1)
            {
                throw Guard.Invalid(nameof(lastEpoch), "can be >= 0 only when resuming: parameter group " + i + " has no initial learning rate.");
            }

            CheckGroupLearningRate(Groups, i, initial ?? Groups.GetLearningRate(i), "initial learning rate", TorchLimits.MaxLearningRate);
            CheckGroupLearningRate(Groups, i, Groups.GetLearningRate(i), "learning rate", double.MaxValue);
        }

        for (int i = 0; i < Groups.Count; i++)
        {
            if (Groups.GetInitialLearningRate(i) is null)
            {
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

    /// <summary>
    /// PyTorch's <c>_update_lr(epoch)</c> for the two calls that run here: without an epoch (<see cref="Step()"/>), the
    /// chainable form; with epoch 0 (<see cref="SequentialLR"/> restarting a child at a milestone), the closed form at
    /// epoch 0 if the class has one (<see cref="TryGetClosedFormLrAtZero"/>), else the chainable form at epoch 0.
    /// </summary>
    internal void UpdateLr(long? epoch)
    {
        long previous = LastEpoch;
        LastEpoch = epoch ?? LastEpoch + 1;
        try
        {
            if (epoch is null || !TryGetClosedFormLrAtZero(_values))
            {
                GetLr(_values);
            }

            CheckValues();
        }
        catch
        {
            LastEpoch = previous;
            throw;
        }

        WriteValues();
    }

    /// <summary>Sets <see cref="LastEpoch"/>, evaluates the chainable form and writes it to the groups (schedulers with their own step logic).</summary>
    private protected void ApplyAt(long lastEpoch)
    {
        LastEpoch = lastEpoch;
        GetLr(_values);
        CheckValues();
        WriteValues();
    }

    /// <summary>Throws if <see cref="LastEpoch"/> is already <see cref="TorchLimits.MaxEpoch"/>; nothing is changed.</summary>
    private protected void EnsureCanStep()
    {
        if (LastEpoch >= TorchLimits.MaxEpoch)
        {
            throw new InvalidOperationException(StateType + " is at last_epoch " + LastEpoch + ", the largest this port steps to (2^50); nothing was changed.");
        }
    }

    /// <summary>Requires a group's learning rate in <c>[0, max]</c> (PyTorch's optimizers reject negative ones).</summary>
    internal static void CheckGroupLearningRate(IParameterGroups groups, int index, double value, string what, double max)
    {
        if (!(value >= 0 && value <= max))
        {
            throw Guard.OutOfRange(nameof(groups), "must hold a finite " + what + " in " + Guard.Interval(0, max) + " in every group; group " + index + " has " + Guard.Format(value) + ".");
        }
    }

    /// <summary>Decrements <see cref="LastEpoch"/> (SequentialLR's <c>recursive_undo</c>).</summary>
    internal virtual void UndoStep() => LastEpoch--;

    /// <summary>
    /// The one place a computed learning rate is checked before it is written: a value PyTorch's formula rounds below zero
    /// (<c>LinearLR</c> to <c>end_factor = 0</c> gives about -4e-19) becomes 0, a deliberate deviation; a value that is not
    /// finite, -inf included (only a delegate or a hand-set group lr can cause one), throws before anything is written.
    /// </summary>
    private void CheckValues()
    {
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = Settled(_values[i], i, LastEpoch);
        }
    }

    /// <summary>
    /// The value a step writes for a group: +0 for a value PyTorch's formula rounds to or below zero; throws for one that
    /// is not finite (see <see cref="CheckValues"/>).
    /// </summary>
    private protected double Settled(double value, int group, long lastEpoch)
    {
        if (value <= 0 && value >= double.MinValue)
        {
            return 0;
        }

        return double.IsFinite(value)
            ? value
            : throw new InvalidOperationException(StateType + " would set parameter group " + group + "'s learning rate to " + Guard.Format(value) + " at last_epoch " + lastEpoch + "; nothing was changed.");
    }

    /// <summary>
    /// <paramref name="lr"/> multiplied by <paramref name="gamma"/> <paramref name="times"/> times, one rounding per
    /// multiplication as PyTorch's recursion does; stops early at a fixed point (0, or a subnormal that the product
    /// rounds back to), where further products change nothing.
    /// </summary>
    private protected static double Decay(double lr, double gamma, long times)
    {
        for (long k = 0; k < times; k++)
        {
            double next = lr * gamma;
            if (next == lr)
            {
                break;
            }

            lr = next;
        }

        return lr;
    }

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

    /// <summary>
    /// PyTorch's <c>_get_closed_form_lr()</c> at <c>last_epoch</c> 0, the only epoch at which it runs here (see
    /// <see cref="UpdateLr"/>), for the schedulers that have one; false for the others. Each override is PyTorch's
    /// formula with <c>last_epoch = 0</c> substituted, rounding for rounding.
    /// </summary>
    private protected virtual bool TryGetClosedFormLrAtZero(Span<double> destination) => false;

    /// <summary>
    /// <see cref="TryGetClosedFormLrAtZero"/> of the classes whose closed form at epoch 0 multiplies the base rates by
    /// exactly 1 (<c>gamma^0</c>, <c>(1 - 0 / total_iters)^power</c>): the base learning rates.
    /// </summary>
    private protected bool BaseLrsAsClosedForm(Span<double> destination)
    {
        BaseLrs.CopyTo(destination);
        return true;
    }
}
