using LrSchedules.Schedules;
using LrSchedules.Specs;

namespace LrSchedules.Analytics;

/// <summary>The result of <see cref="ScheduleOptimizer.Optimize"/>: the schedule and the loss the law predicts for it.</summary>
/// <param name="Schedule">The schedule: linear warmup, then a non-increasing piecewise-linear curve through the optimized knots, never below the floor.</param>
/// <param name="Steps">The horizon <c>N</c> it was optimized for.</param>
/// <param name="PredictedFinalLoss">The law's loss at step <c>N - 1</c> for <see cref="Schedule"/>.</param>
public sealed record OptimizedSchedule(PiecewiseInterpolationSchedule Schedule, long Steps, double PredictedFinalLoss)
{
    /// <summary>The schedule as a native <c>piecewise_interpolation</c> spec (<see cref="ScheduleSpec.ToJson"/>).</summary>
    /// <param name="indented">Whether to indent the JSON.</param>
    /// <returns>The spec.</returns>
    public string ToSpecJson(bool indented = false) => ScheduleSpec.ToJson(Schedule, indented);
}
