using LrSchedules.Specs;
using LrSchedules.Torch;
using LrSchedules.TorchSharp.Internal;
using static TorchSharp.torch.optim;

namespace LrSchedules.TorchSharp;

/// <summary>
/// LrSchedules on a TorchSharp <see cref="Optimizer"/>: <c>optimizer.UseSchedule(schedule)</c> for any schedule or spec,
/// <c>optimizer.Attach(groups =&gt; new OneCycleLR(groups, ...))</c> for the PyTorch-compatible schedulers.
/// </summary>
public static class OptimizerExtensions
{
    /// <summary>The optimizer's parameter groups as <see cref="IParameterGroups"/> (a new adapter over the groups it has now).</summary>
    /// <param name="optimizer">The optimizer; not null, with at least one parameter group.</param>
    /// <returns>A new <see cref="TorchSharpParameterGroups"/>; adapters over the same optimizer share the groups' recorded <c>initial_lr</c> flags.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">The optimizer has no parameter group.</exception>
    public static TorchSharpParameterGroups AsParameterGroups(this Optimizer optimizer) => new(optimizer);

    /// <summary>
    /// Drives the optimizer's learning rates with <paramref name="schedule"/>: writes step 0's rate into every group now,
    /// and step <c>k</c>'s after the <c>k</c>-th call of <see cref="OptimizerSchedule.Step"/> (call it after each
    /// <c>optimizer.step()</c>). See <see cref="OptimizerSchedule"/> for the exact rates, grouped schedules and state.
    /// </summary>
    /// <param name="optimizer">The optimizer; not null, with at least one parameter group.</param>
    /// <param name="schedule">The schedule; not null. A grouped schedule (several groups or momentums, e.g. a <c>torch.*</c>
    /// spec with a list of learning rates or with <c>momentum</c>) must have as many groups as the optimizer.</param>
    /// <param name="perGroupScales">Empty (the default) for the schedule's value in every group, or one factor per group,
    /// each finite and in <c>[0, +inf)</c>: group <c>g</c> gets <c>schedule.GetLearningRate(k) * perGroupScales[g]</c>
    /// (layer-wise decay: <see cref="GroupScales.LayerwiseDecay(double, Span{double})"/>). Must be empty for a grouped schedule.</param>
    /// <returns>The bound schedule, holding step 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> or <paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentException">The optimizer has no group, or the schedule or scales do not fit its groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A scale is negative, infinite or NaN.</exception>
    public static OptimizerSchedule UseSchedule(this Optimizer optimizer, ILearningRateSchedule schedule, ReadOnlySpan<double> perGroupScales = default)
    {
        Checks.NotNull(optimizer, nameof(optimizer));
        Checks.NotNull(schedule, nameof(schedule));
        return new OptimizerSchedule(new TorchSharpParameterGroups(optimizer), schedule, perGroupScales);
    }

    /// <summary>
    /// Drives the optimizer's learning rates with the schedule a JSON spec describes (<see cref="ScheduleSpec.Parse(string)"/>:
    /// native, compat or <c>torch.*</c> specs); otherwise exactly <see cref="UseSchedule(Optimizer, ILearningRateSchedule, ReadOnlySpan{double})"/>
    /// without scales (for scales, pass <c>ScheduleSpec.Parse(spec)</c> to that overload).
    /// </summary>
    /// <param name="optimizer">The optimizer; not null, with at least one parameter group.</param>
    /// <param name="spec">The spec's JSON text; not null, at most <see cref="ScheduleSpec.MaxLength"/> characters. A grouped
    /// spec (a <c>torch.*</c> spec with a list of learning rates or with <c>momentum</c>) must have as many groups as the optimizer.</param>
    /// <returns>The bound schedule, holding step 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> or <paramref name="spec"/> is null.</exception>
    /// <exception cref="ScheduleSpecException">The spec is invalid; the message names the JSON path and the allowed range.</exception>
    /// <exception cref="ArgumentException">The optimizer has no group, or the schedule does not fit its groups.</exception>
    public static OptimizerSchedule UseSchedule(this Optimizer optimizer, string spec)
    {
        Checks.NotNull(optimizer, nameof(optimizer));
        Checks.NotNull(spec, nameof(spec));
        return UseSchedule(optimizer, ScheduleSpec.Parse(spec));
    }

    /// <summary>
    /// Constructs a PyTorch-compatible scheduler over the optimizer's parameter groups:
    /// <c>optimizer.Attach(groups =&gt; new OneCycleLR(groups, maxLr: [0.01], totalSteps: 1000))</c>. The constructor
    /// performs PyTorch's initial step, so the groups hold step 0's rates when this returns; call the scheduler's
    /// <c>Step()</c> after each <c>optimizer.step()</c>.
    /// </summary>
    /// <typeparam name="TScheduler">The scheduler type.</typeparam>
    /// <param name="optimizer">The optimizer; not null, with at least one parameter group.</param>
    /// <param name="create">Builds the scheduler (and any children, for <see cref="SequentialLR"/> or <see cref="ChainedScheduler"/>)
    /// over the groups it is given; not null, and must not return null or a scheduler over other groups.</param>
    /// <returns>The scheduler; its <see cref="ITorchScheduler.Groups"/> is the <see cref="TorchSharpParameterGroups"/> passed to <paramref name="create"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> or <paramref name="create"/> is null.</exception>
    /// <exception cref="ArgumentException">The optimizer has no group, or <paramref name="create"/> returned null or a scheduler over other groups. Exceptions of the scheduler's constructor propagate.</exception>
    public static TScheduler Attach<TScheduler>(this Optimizer optimizer, Func<TorchSharpParameterGroups, TScheduler> create)
        where TScheduler : ITorchScheduler
    {
        Checks.NotNull(optimizer, nameof(optimizer));
        Checks.NotNull(create, nameof(create));
        var groups = new TorchSharpParameterGroups(optimizer);
        TScheduler scheduler = create(groups);
        if (scheduler is null || !ReferenceEquals(scheduler.Groups, groups))
        {
            throw Checks.Invalid(nameof(create), scheduler is null ? "returned null." : "must build the scheduler over the groups it is given; the scheduler it returned drives other parameter groups.");
        }

        return scheduler;
    }
}
