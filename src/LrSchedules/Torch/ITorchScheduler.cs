using System.Text.Json.Nodes;

namespace LrSchedules.Torch;

/// <summary>What every PyTorch-compatible scheduler offers, including <see cref="ReduceLROnPlateau"/>.</summary>
public interface ITorchScheduler
{
    /// <summary>The parameter groups this scheduler drives.</summary>
    IParameterGroups Groups { get; }

    /// <summary>PyTorch's <c>last_epoch</c>: the number of steps taken, 0 right after construction.</summary>
    long LastEpoch { get; }

    /// <summary>PyTorch's <c>get_last_lr()</c>: the learning rates the last step set, one per group.</summary>
    /// <returns>A view of the scheduler's own buffer; valid until the next step.</returns>
    ReadOnlySpan<double> GetLastLr();

    /// <summary>The scheduler's state as a JSON object (nested for composite schedulers); the parameter groups are not included.</summary>
    /// <returns>A JSON object that <see cref="LoadState"/> accepts.</returns>
    JsonObject SaveState();

    /// <summary>Restores a state saved by <see cref="SaveState"/> from a scheduler of the same type and shape.</summary>
    /// <param name="state">The saved state; not null.</param>
    /// <exception cref="ArgumentException">The state is malformed or from another scheduler type or shape; the scheduler is left unchanged.</exception>
    void LoadState(JsonObject state);
}
