namespace LrSchedules.Cli;

/// <summary>An <see cref="IEvalSource"/> over a multi-group schedule: every group's learning rate (or momentum) per step.</summary>
internal sealed class GroupedSource(IGroupedSchedule schedule, bool momentum) : IEvalSource
{
    // With --momentum, the learning rates the schedule also fills; reused from chunk to chunk.
    private double[] _learningRates = [];

    public int GroupCount => schedule.GroupCount;

    public void Evaluate(long firstStep, Span<double> destination)
    {
        int steps = destination.Length / schedule.GroupCount;
        if (!momentum)
        {
            schedule.EvaluateGroups(firstStep, steps, destination, []);
            return;
        }

        if (_learningRates.Length < destination.Length)
        {
            _learningRates = new double[destination.Length];
        }

        schedule.EvaluateGroups(firstStep, steps, _learningRates.AsSpan(0, destination.Length), destination);
    }
}
