using LrSchedules.Specs;

namespace LrSchedules.Analytics;

/// <summary>The result of <see cref="ScheduleOptimizer.Optimize"/>: the schedule and the loss the law predicts for it.</summary>
/// <param name="Schedule">The schedule: the linear warmup, then non-increasing within <c>[floor, peak]</c> (see <see cref="ScheduleOptimizer"/> for its form).</param>
/// <param name="Steps">The horizon <c>N</c> it was optimized for.</param>
/// <param name="PredictedFinalLoss">The law's loss at step <c>N - 1</c> for <see cref="Schedule"/>.</param>
public sealed record OptimizedSchedule(LearningRateSchedule Schedule, long Steps, double PredictedFinalLoss)
{
    /// <summary>The schedule as a native spec (<see cref="ScheduleSpec.ToJson"/>).</summary>
    /// <param name="indented">Whether to indent the JSON.</param>
    /// <returns>The spec.</returns>
    public string ToSpecJson(bool indented = false) => ScheduleSpec.ToJson(Schedule, indented);
}
