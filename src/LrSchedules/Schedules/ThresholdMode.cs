namespace LrSchedules.Schedules;

/// <summary>How a <see cref="PlateauSchedule"/> decides that a metric improved on the best so far.</summary>
public enum ThresholdMode
{
    /// <summary>Relative: better than <c>best * (1 - Threshold)</c> (min) or <c>best * (1 + Threshold)</c> (max).</summary>
    Rel = 0,

    /// <summary>Absolute: better than <c>best - Threshold</c> (min) or <c>best + Threshold</c> (max).</summary>
    Abs = 1,
}
