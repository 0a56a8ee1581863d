namespace LrSchedules.Tests.TestSupport;

/// <summary>A schedule implemented outside the library: <c>lr(step) = Value / (1 + step)</c>.</summary>
internal sealed class CustomSchedule : ILearningRateSchedule
{
    public CustomSchedule(double value = 1)
    {
        Value = value;
    }

    public double Value { get; }

    public double GetLearningRate(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Value / (1.0 + step);
    }

    public void Evaluate(long firstStep, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = GetLearningRate(firstStep + i);
        }
    }

    public void Evaluate(long firstStep, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)GetLearningRate(firstStep + i);
        }
    }
}
