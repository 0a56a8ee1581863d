namespace LrSchedules.Analytics;

/// <summary>One phase of a schedule within an analyzed horizon: its first step and how many steps of the horizon it covers.</summary>
/// <param name="FirstStep">The phase's first step (0, or a boundary from <see cref="LearningRateSchedule.GetPhaseBoundaries"/>).</param>
/// <param name="Steps">The number of steps of the horizon in the phase (at least 1).</param>
public readonly record struct PhaseSpan(long FirstStep, long Steps);
