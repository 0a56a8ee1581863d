using LrSchedules.Torch;
using static TorchSharp.torch.optim;

namespace LrSchedules.TorchSharpBenchmarks;

/// <summary>
/// <see cref="IParameterGroups"/> over a TorchSharp optimizer's parameter groups, so that LrSchedules' schedulers can
/// drive a TorchSharp optimizer: learning rates and <c>initial_lr</c> are read from and written to the groups themselves.
/// </summary>
/// <remarks>
/// The groups are captured at construction (TorchSharp's groups are <see cref="ILearningRateController"/> reference objects, so writes reach
/// the optimizer). Momentum is not exposed (<see cref="SupportsMomentum"/> is false): CosineAnnealingLR does not need it.
/// </remarks>
public sealed class TorchSharpParameterGroups : IParameterGroups
{
    private readonly ILearningRateController[] _groups;

    /// <summary>Wraps the parameter groups of <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The TorchSharp optimizer; not null.</param>
    public TorchSharpParameterGroups(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        _groups = [.. optimizer.ParamGroups];
    }

    /// <inheritdoc/>
    public int Count => _groups.Length;

    /// <inheritdoc/>
    public bool SupportsMomentum => false;

    /// <inheritdoc/>
    public double GetLearningRate(int index) => _groups[index].LearningRate;

    /// <inheritdoc/>
    public void SetLearningRate(int index, double value) => _groups[index].LearningRate = value;

    /// <inheritdoc/>
    public double? GetInitialLearningRate(int index) => _groups[index].InitialLearningRate;

    /// <inheritdoc/>
    public void SetInitialLearningRate(int index, double value) => _groups[index].InitialLearningRate = value;

    /// <inheritdoc/>
    public double GetMomentum(int index) => throw new NotSupportedException("This adapter does not expose momentum.");

    /// <inheritdoc/>
    public void SetMomentum(int index, double value) => throw new NotSupportedException("This adapter does not expose momentum.");
}
