namespace LrSchedules.Schedules;

/// <summary>What the per-cycle decay of a <see cref="RestartsSchedule"/> multiplies.</summary>
public enum PeakDecayMode
{
    /// <summary>The peak: cycle <c>i</c> runs from <c>Peak * PeakDecay^i</c> to the floor (timm <c>cycle_decay</c>).</summary>
    Peak = 0,

    /// <summary>The height above the floor: cycle <c>i</c> runs from <c>Floor + (Peak - Floor) * PeakDecay^i</c> to the floor (Keras <c>m_mul</c>).</summary>
    Amplitude = 1,
}
