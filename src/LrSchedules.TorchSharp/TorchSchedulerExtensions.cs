using System.Text.Json.Nodes;
using LrSchedules.Torch;
using LrSchedules.TorchSharp.Internal;

namespace LrSchedules.TorchSharp;

/// <summary>
/// Checkpoints of a PyTorch-compatible scheduler together with the optimizer-side half of its state: the scheduler's
/// <see cref="ITorchScheduler.SaveState"/> and its parameter groups' <c>SaveState()</c> in one JSON object.
/// </summary>
public static class TorchSchedulerExtensions
{
    /// <summary>
    /// Saves <c>{"scheduler": scheduler.SaveState(), "parameter_groups": groups.SaveState()}</c>, where the groups are the
    /// scheduler's <see cref="ITorchScheduler.Groups"/>: learning rates, recorded initial learning rates and momentums (or
    /// beta1). The optimizer's own state (momentum buffers, Adam moments) is TorchSharp's to save (<c>save_state_dict</c>).
    /// </summary>
    /// <param name="scheduler">The scheduler; not null, over <see cref="TorchSharpParameterGroups"/> or <see cref="ParameterGroups"/>.</param>
    /// <returns>A new JSON object that <see cref="LoadCheckpoint"/> accepts; the numbers round-trip exactly.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scheduler"/> is null.</exception>
    /// <exception cref="ArgumentException">The scheduler's groups are neither <see cref="TorchSharpParameterGroups"/> nor <see cref="ParameterGroups"/>.</exception>
    public static JsonObject SaveCheckpoint(this ITorchScheduler scheduler)
    {
        Checks.NotNull(scheduler, nameof(scheduler));
        JsonObject groups = scheduler.Groups switch
        {
            TorchSharpParameterGroups t => t.SaveState(),
            ParameterGroups p => p.SaveState(),
            _ => throw UnsupportedGroups(scheduler),
        };
        return new JsonObject { ["scheduler"] = scheduler.SaveState(), ["parameter_groups"] = groups };
    }

    /// <summary>
    /// Restores a checkpoint saved by <see cref="SaveCheckpoint"/>: the scheduler's state, then its groups' state (so the
    /// groups end with the saved learning rates and momentums, whatever the scheduler's construction wrote). Construct the
    /// scheduler with the arguments you want now (over a fresh optimizer's groups), then call this; the run then continues
    /// bit-identically. All or nothing: if either half is rejected, the scheduler and the groups are left as they were.
    /// </summary>
    /// <param name="scheduler">The scheduler; not null, over <see cref="TorchSharpParameterGroups"/> or <see cref="ParameterGroups"/>,
    /// of the type and shape that saved the checkpoint.</param>
    /// <param name="checkpoint">The checkpoint; not null, with the JSON objects <c>scheduler</c> and <c>parameter_groups</c> and no other field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scheduler"/> or <paramref name="checkpoint"/> is null.</exception>
    /// <exception cref="ArgumentException">The checkpoint is malformed or from another scheduler type or shape, or the groups are of an unsupported type; nothing is changed.</exception>
    public static void LoadCheckpoint(this ITorchScheduler scheduler, JsonObject checkpoint)
    {
        Checks.NotNull(scheduler, nameof(scheduler));
        Checks.NotNull(checkpoint, nameof(checkpoint));
        var fields = new StateFields(checkpoint, "checkpoint", nameof(checkpoint));
        JsonObject schedulerState = fields.Object("scheduler");
        JsonObject groupsState = fields.Object("parameter_groups");
        fields.EnsureNoOtherFields();
        switch (scheduler.Groups)
        {
            case TorchSharpParameterGroups t:
                Action applyGroups = t.PrepareLoad(groupsState);
                scheduler.LoadState(schedulerState);
                applyGroups();
                break;
            case ParameterGroups p:
                JsonObject previous = scheduler.SaveState();
                scheduler.LoadState(schedulerState);
                try
                {
                    p.LoadState(groupsState);
                }
                catch (ArgumentException)
                {
                    scheduler.LoadState(previous);
                    throw;
                }

                break;
            default:
                throw UnsupportedGroups(scheduler);
        }
    }

    private static ArgumentException UnsupportedGroups(ITorchScheduler scheduler)
        => Checks.Invalid(nameof(scheduler), "must drive TorchSharpParameterGroups or ParameterGroups to be checkpointed with its groups; its groups are a " + scheduler.Groups.GetType().Name + ".");
}
