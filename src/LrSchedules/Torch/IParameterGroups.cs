namespace LrSchedules.Torch;

/// <summary>
/// The parameter groups of an optimizer, as the PyTorch-compatible schedulers see them: per group a learning rate, the
/// learning rate recorded when the first scheduler was attached (PyTorch's <c>initial_lr</c>) and, for optimizers that
/// have one, a momentum (SGD's <c>momentum</c> or Adam's <c>beta1</c>).
/// </summary>
/// <remarks>
/// Implement this over any optimizer (TorchSharp's, a custom one) to let the schedulers drive it;
/// <see cref="ParameterGroups"/> is a plain in-memory implementation. Implementations are not expected to be thread-safe:
/// a scheduler and its optimizer are stepped from one thread.
/// </remarks>
public interface IParameterGroups
{
    /// <summary>The number of parameter groups.</summary>
    int Count { get; }

    /// <summary>Whether the optimizer has a momentum (or beta1) that <see cref="CyclicLR"/> and <see cref="OneCycleLR"/> can cycle.</summary>
    bool SupportsMomentum { get; }

    /// <summary>The learning rate of group <paramref name="index"/>.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <returns>The learning rate.</returns>
    double GetLearningRate(int index);

    /// <summary>Sets the learning rate of group <paramref name="index"/>.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <param name="value">The new learning rate.</param>
    void SetLearningRate(int index, double value);

    /// <summary>PyTorch's <c>initial_lr</c> of group <paramref name="index"/>, or null if no scheduler has recorded it yet.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <returns>The recorded initial learning rate, or null.</returns>
    double? GetInitialLearningRate(int index);

    /// <summary>Records PyTorch's <c>initial_lr</c> of group <paramref name="index"/>.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <param name="value">The initial learning rate.</param>
    void SetInitialLearningRate(int index, double value);

    /// <summary>The momentum (or beta1) of group <paramref name="index"/>.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <returns>The momentum.</returns>
    /// <exception cref="NotSupportedException">The optimizer has no momentum.</exception>
    double GetMomentum(int index);

    /// <summary>Sets the momentum (or beta1) of group <paramref name="index"/>.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <param name="value">The new momentum.</param>
    /// <exception cref="NotSupportedException">The optimizer has no momentum.</exception>
    void SetMomentum(int index, double value);
}
