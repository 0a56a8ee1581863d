using System.Text.Json.Nodes;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>ChainedScheduler</c>: every step steps each child in order, so their recursive forms compose on the
/// groups' learning rates. Construction does not step. <see cref="LRScheduler.LastEpoch"/> counts this scheduler's steps.
/// </summary>
public sealed class ChainedScheduler : LRScheduler
{
    private readonly LRScheduler[] _schedulers;

    // The scratch buffer of StepInBulk's epochs, one value per group.
    private readonly double[] _next;

    /// <summary>Creates the chain.</summary>
    /// <param name="groups">The parameter groups every child drives; not null.</param>
    /// <param name="schedulers">The children, at least one, all constructed over <paramref name="groups"/>, none already the child of a composite.
    /// Together they may raise the learning rate by at most 1e200: the product of each child's most (<c>1 / factor</c> for
    /// <see cref="ConstantLR"/>, <c>end_factor / start_factor</c> for a rising <see cref="LinearLR"/>, <c>gamma^milestones</c>
    /// for a growing <see cref="MultiStepLR"/>, about <c>4 T_max^2 / pi^2</c> for <see cref="CosineAnnealingLR"/>, whose rising
    /// half amplifies what the others did), so that no value overflows.</param>
    public ChainedScheduler(IParameterGroups groups, IReadOnlyList<LRScheduler> schedulers)
        : base(groups)
    {
        _schedulers = Composite.Check(groups, schedulers, nameof(schedulers));
        TorchLimits.RequireGain(Gain, nameof(schedulers), "the product of the children's most (ConstantLR: 1 / factor, a rising LinearLR: end_factor / start_factor, MultiStepLR: gamma^milestones, CosineAnnealingLR: about 4 T_max^2 / pi^2)");
        Composite.Adopt(this, _schedulers);
        _next = new double[groups.Count];
        RecordLastLr();
    }

    /// <summary>The children.</summary>
    public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

    private protected override string StateType => "ChainedScheduler";

    private protected override bool CountsSteps => false;

    private protected override bool IsComposite => true;

    internal override bool CanAdvanceInSchedule => _schedulers.All(s => s.CanAdvanceInSchedule);

    /// <summary>The children's gains multiply.</summary>
    internal override double Gain => _schedulers.Aggregate(1.0, (product, s) => product * s.Gain);

    /// <summary>PyTorch's <c>step()</c>: steps every child in order.</summary>
    /// <exception cref="InvalidOperationException"><see cref="LRScheduler.LastEpoch"/> is already 2^50, or a child's <see cref="LRScheduler.Step()"/> threw (the children before it have stepped).</exception>
    public override void Step()
    {
        EnsureCanStep();
        foreach (var s in _schedulers)
        {
            s.Step();
        }

        LastEpoch++;
        RecordLastLr();
    }

    // Steps every child leaves unchanged; path-independent children are not skipped here (the children before them in
    // the chain read the learning rates the skipped steps did not write).
    internal override long IdentitySteps(long limit) => _schedulers.Aggregate(limit, (steps, s) => s.IdentitySteps(steps));

    // Children whose chainable forms are one factor per epoch (ExponentialLR, StepLR, MultiStepLR, ConstantLR, LinearLR,
    // PolynomialLR) run in one tight loop; the loop stops at the first epoch another child (or an overflow) must step.
    internal override long StepInBulk(long limit) => StepChainInBulk(_schedulers, _next, limit);

    internal override void Skip(long count)
    {
        foreach (var s in _schedulers)
        {
            s.Skip(count);
        }

        base.Skip(count);
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
        => throw new NotSupportedException("ChainedScheduler has no learning-rate formula of its own; it cannot be a child that restarts at a milestone.");

    private protected override void SaveExtraState(JsonObject state) => state["_schedulers"] = Composite.SaveChildren(_schedulers);

    private protected override Action PrepareExtraState(StateReader reader, long lastEpoch) => Composite.PrepareChildren(reader, _schedulers);
}
