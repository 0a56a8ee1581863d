using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// A constant learning rate: <c>lr(step) = Value</c> for every step.
/// </summary>
/// <remarks>Immutable and thread-safe. Spec type: <c>constant</c>.</remarks>
public sealed record ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates a constant schedule.</summary>
    /// <param name="value">The learning rate; finite, in <c>[0, +inf)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, NaN or infinite.</exception>
    public ConstantSchedule(double value)
    {
        Value = Guard.NonNegative(value, nameof(value));
    }

    /// <summary>The learning rate at every step.</summary>
    public double Value { get; }

    internal override double ValueAt(long step) => Value;

    internal override void EvaluateCore(long firstStep, Span<double> destination) => destination.Fill(Value);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => destination.Fill(Segments.ToSingle(Value));
}
