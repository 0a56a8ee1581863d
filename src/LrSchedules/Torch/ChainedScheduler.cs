using System.Text.Json.Nodes;

namespace LrSchedules.Torch;

/// <summary>
/// PyTorch <c>ChainedScheduler</c>: every step steps each child in order, so their recursive forms compose on the
/// groups' learning rates. Construction does not step. <see cref="LRScheduler.LastEpoch"/> counts this scheduler's steps.
/// </summary>
public sealed class ChainedScheduler : LRScheduler
{
    private readonly LRScheduler[] _schedulers;

    /// <summary>Creates the chain.</summary>
    /// <param name="groups">The parameter groups every child drives; not null.</param>
    /// <param name="schedulers">The children, at least one, all constructed over <paramref name="groups"/>.</param>
    public ChainedScheduler(IParameterGroups groups, IReadOnlyList<LRScheduler> schedulers)
        : base(groups)
    {
        _schedulers = Composite.Check(groups, schedulers, nameof(schedulers));
        RecordLastLr();
    }

    /// <summary>The children.</summary>
    public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

    private protected override string StateType => "ChainedScheduler";

    /// <summary>PyTorch's <c>step()</c>: steps every child in order.</summary>
    public override void Step()
    {
        foreach (var s in _schedulers)
        {
            s.Step();
        }

        LastEpoch++;
        RecordLastLr();
    }

    internal override void UndoStep()
    {
        foreach (var s in _schedulers)
        {
            s.UndoStep();
        }
    }

    private protected override void GetLr(Span<double> destination)
        => throw new NotSupportedException("ChainedScheduler has no learning-rate formula of its own; it cannot be a child that restarts at a milestone.");

    private protected override void SaveExtraState(JsonObject state) => state["_schedulers"] = Composite.SaveChildren(_schedulers);

    private protected override Action PrepareExtraState(StateReader reader) => Composite.PrepareChildren(reader, _schedulers);
}
