namespace LrSchedules.Schedules;

/// <summary>The amplitude policy of a <see cref="CyclicSchedule"/> (PyTorch <c>CyclicLR</c> modes).</summary>
public enum CyclicMode
{
    /// <summary>Every cycle has the full amplitude.</summary>
    Triangular = 0,

    /// <summary>The amplitude halves every cycle: <c>1 / 2^(cycle - 1)</c> for cycles counted from 1.</summary>
    Triangular2 = 1,

    /// <summary>The amplitude is scaled by <c>Gamma^step</c>.</summary>
    ExpRange = 2,
}
