namespace LrSchedules.Schedules;

/// <summary>Whether a <see cref="PlateauSchedule"/>'s metric should go down (a loss) or up (an accuracy).</summary>
public enum PlateauMode
{
    /// <summary>Lower is better.</summary>
    Min = 0,

    /// <summary>Higher is better.</summary>
    Max = 1,
}
