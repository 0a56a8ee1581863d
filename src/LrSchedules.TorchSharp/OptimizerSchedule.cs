using System.Text.Json.Nodes;
using LrSchedules.Torch;
using LrSchedules.TorchSharp.Internal;

namespace LrSchedules.TorchSharp;

/// <summary>
/// A schedule bound to an optimizer's parameter groups: it writes step <c>k</c>'s learning rate into every group before the
/// optimizer's <c>k</c>-th update. Created by <see cref="OptimizerExtensions.UseSchedule(global::TorchSharp.torch.optim.Optimizer, ILearningRateSchedule, ReadOnlySpan{double})"/>.
/// </summary>
/// <remarks>
/// <para><b>Timing.</b> Right after construction the groups hold the rates of step 0; after <c>k</c> calls of
/// <see cref="Step"/> they hold the rates of step <c>k</c> (<see cref="CurrentStep"/> is <c>k</c>). So call
/// <c>optimizer.step()</c>, then <see cref="Step"/>, as with a PyTorch scheduler: the optimizer's first update uses step 0's
/// rate, its <c>k</c>-th update (counting from 0) step <c>k</c>'s.</para>
/// <para><b>Rates.</b> For an ordinary schedule, group <c>g</c> gets <c>schedule.GetLearningRate(k) * scales[g]</c>, the
/// product formed in double exactly as <see cref="GroupScales.Evaluate(ILearningRateSchedule, long, ReadOnlySpan{double}, Span{double})"/>
/// forms it (without scales every factor is 1, so every group gets the schedule's value bit for bit). A grouped schedule
/// (an <see cref="IGroupedSchedule"/> with more than one group or with momentums, such as a multi-group or momentum-cycling
/// <c>torch.*</c> spec) instead gives each group its own value: group <c>g</c> gets element <c>g</c> of
/// <see cref="IGroupedSchedule.EvaluateGroups"/> at step <c>k</c>, and, when the schedule has momentums, the group's
/// momentum (or Adam's beta1) is set to the schedule's momentum of that group too.</para>
/// <para><b>State.</b> The state is the step counter alone (the rates follow from the schedule), so
/// <see cref="SaveState"/> / <see cref="LoadState"/> resume a run bit-identically: after loading, the groups hold the saved
/// step's rates again. The optimizer's own state (momentum buffers, Adam moments) is TorchSharp's to save.</para>
/// <para><see cref="Step"/> allocates nothing for an ordinary schedule. Not thread-safe: use it from the training thread,
/// like the optimizer.</para>
/// </remarks>
public sealed class OptimizerSchedule
{
    private const string StateType = nameof(OptimizerSchedule);

    private readonly double[] _scales;
    private readonly double[] _lrs;
    private readonly double[] _nextLrs;
    private readonly double[] _nextMomentums;
    private readonly IGroupedSchedule? _grouped;

    /// <summary>Binds <paramref name="schedule"/> to <paramref name="groups"/> and writes step 0's rates into the groups.</summary>
    /// <param name="groups">The parameter groups; not null (for a TorchSharp optimizer, a <see cref="TorchSharpParameterGroups"/>).</param>
    /// <param name="schedule">The schedule; not null. A grouped schedule (see the remarks) must have exactly
    /// <c>groups.Count</c> groups, and if it has momentums the groups must support momentum.</param>
    /// <param name="perGroupScales">Empty for a factor of 1 in every group, or one factor per group, each finite and in
    /// <c>[0, +inf)</c>. Must be empty for a grouped schedule.</param>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> or <paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentException">The schedule's groups or momentums do not fit <paramref name="groups"/>, or the scales do not (wrong count, given for a grouped schedule).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A scale is negative, infinite or NaN.</exception>
    public OptimizerSchedule(IParameterGroups groups, ILearningRateSchedule schedule, ReadOnlySpan<double> perGroupScales = default)
    {
        Groups = Checks.NotNull(groups, nameof(groups));
        Schedule = Checks.NotNull(schedule, nameof(schedule));
        int count = groups.Count;
        if (count < 1)
        {
            throw Checks.Invalid(nameof(groups), "must hold at least one parameter group; got " + count + ".");
        }

        if (schedule is IGroupedSchedule grouped && (grouped.GroupCount > 1 || grouped.HasMomentum))
        {
            if (grouped.GroupCount != count)
            {
                throw Checks.Invalid(nameof(schedule), "has " + grouped.GroupCount + " parameter groups, but the optimizer has " + count + ".");
            }

            if (!perGroupScales.IsEmpty)
            {
                throw Checks.Invalid(nameof(perGroupScales), "must be empty for a grouped schedule, which gives every group its own learning rate; got " + perGroupScales.Length + " factors.");
            }

            if (grouped.HasMomentum && !groups.SupportsMomentum)
            {
                throw Checks.Invalid(nameof(schedule), "sets momentums, but the optimizer's parameter groups have no momentum or beta1.");
            }

            _grouped = grouped;
            _scales = [];
            SetsMomentum = grouped.HasMomentum;
        }
        else if (perGroupScales.IsEmpty)
        {
            _scales = new double[count];
            Array.Fill(_scales, 1.0);
        }
        else
        {
            if (perGroupScales.Length != count)
            {
                throw Checks.Invalid(nameof(perGroupScales), "must be empty or hold one factor per parameter group (" + count + "); got " + perGroupScales.Length + ".");
            }

            for (int g = 0; g < perGroupScales.Length; g++)
            {
                double s = perGroupScales[g];
                if (!(s >= 0) || !double.IsFinite(s))
                {
                    throw new ArgumentOutOfRangeException(nameof(perGroupScales), s, "perGroupScales[" + g + "] must be a finite number in [0, +inf); got " + Checks.Format(s) + ".");
                }
            }

            _scales = perGroupScales.ToArray();
        }

        _lrs = new double[count];
        _nextLrs = new double[count];
        _nextMomentums = SetsMomentum ? new double[count] : [];
        Apply(0);
    }

    /// <summary>The parameter groups this schedule writes.</summary>
    public IParameterGroups Groups { get; }

    /// <summary>The schedule.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>The step whose rates the groups hold: 0 after construction, <c>k</c> after <c>k</c> calls of <see cref="Step"/>, or the loaded step after <see cref="LoadState"/>.</summary>
    public long CurrentStep { get; private set; }

    /// <summary>Whether each step also sets the groups' momentums (a grouped schedule with momentums).</summary>
    public bool SetsMomentum { get; }

    /// <summary>The per-group factors: one per group (all 1 when none were given); empty for a grouped schedule.</summary>
    public ReadOnlySpan<double> Scales => _scales;

    /// <summary>The learning rates written for <see cref="CurrentStep"/>, one per group (like PyTorch's <c>get_last_lr()</c>).</summary>
    /// <returns>A view of this object's buffer; valid until the next <see cref="Step"/> or <see cref="LoadState"/>.</returns>
    public ReadOnlySpan<double> GetLastLr() => _lrs;

    /// <summary>Advances to the next step: writes the rates (and momentums, see <see cref="SetsMomentum"/>) of <c>CurrentStep + 1</c> into the groups.</summary>
    /// <exception cref="InvalidOperationException"><see cref="CurrentStep"/> is already <see cref="long.MaxValue"/>; nothing changes.</exception>
    public void Step()
    {
        if (CurrentStep == long.MaxValue)
        {
            throw new InvalidOperationException("The schedule is at step " + long.MaxValue + ", the last step a schedule defines; it cannot advance.");
        }

        Apply(CurrentStep + 1);
    }

    /// <summary>The progress: <c>{"type": "OptimizerSchedule", "step": CurrentStep}</c>.</summary>
    /// <returns>A new JSON object that <see cref="LoadState"/> accepts.</returns>
    public JsonObject SaveState() => new() { ["type"] = StateType, ["step"] = CurrentStep };

    /// <summary>
    /// Restores the progress saved by <see cref="SaveState"/> and writes that step's rates (and momentums) into the groups,
    /// so the next <see cref="Step"/> continues exactly where the saved run would have. The schedule, scales and groups are
    /// this object's own (resuming under a different schedule is allowed: the step counter is all that is loaded).
    /// </summary>
    /// <remarks>Evaluating a far step costs what the schedule's evaluation there costs: constant for the closed-form
    /// schedules, a replay from step 0 (O(step)) for a <c>torch.*</c> spec (<see cref="Torch.TorchSchedule"/>).</remarks>
    /// <param name="state">The saved state; not null: <c>type</c> <c>"OptimizerSchedule"</c>, <c>step</c> an integer in
    /// <c>[0, long.MaxValue]</c>, and no other field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The state is malformed; nothing is changed.</exception>
    public void LoadState(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var fields = new StateFields(state, StateType, nameof(state));
        fields.ExpectType(StateType);
        long step = fields.Long("step", 0, long.MaxValue);
        fields.EnsureNoOtherFields();
        Apply(step);
    }

    /// <summary>Computes every rate of <paramref name="step"/> first, then writes them, so a failure changes nothing.</summary>
    private void Apply(long step)
    {
        double[] lrs = _nextLrs;
        double[] momentums = _nextMomentums;
        if (_grouped is not null)
        {
            _grouped.EvaluateGroups(step, 1, lrs, momentums);
        }
        else
        {
            GroupScales.Evaluate(Schedule, step, _scales, lrs);
        }

        for (int g = 0; g < lrs.Length; g++)
        {
            Groups.SetLearningRate(g, lrs[g]);
            if (SetsMomentum)
            {
                Groups.SetMomentum(g, momentums[g]);
            }
        }

        lrs.CopyTo(_lrs, 0);
        CurrentStep = step;
    }
}
