namespace LrSchedules.Torch;

/// <summary>Whether <see cref="CyclicLR"/>'s scale function sees the cycle number or the step (PyTorch <c>scale_mode</c>).</summary>
public enum CyclicScaleMode
{
    /// <summary>The cycle number, counted from 1.</summary>
    Cycle = 0,

    /// <summary>The step (<c>last_epoch</c>).</summary>
    Iterations = 1,
}
