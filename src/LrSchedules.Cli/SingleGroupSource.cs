namespace LrSchedules.Cli;

/// <summary>An <see cref="IEvalSource"/> over one schedule: one value per step, evaluated span-wise.</summary>
internal sealed class SingleGroupSource(ILearningRateSchedule schedule) : IEvalSource
{
    public int GroupCount => 1;

    public void Evaluate(long firstStep, Span<double> destination) => schedule.Evaluate(firstStep, destination);
}
