namespace LrSchedules.Schedules;

/// <summary>How a <see cref="RestartsSchedule"/> grows the length of each cycle from the previous one.</summary>
public enum PeriodGrowth
{
    /// <summary>Real-valued lengths: <c>T_i = Period * PeriodMultiplier^i</c> (SGDR, PyTorch, timm, Keras, fairseq).</summary>
    Exact = 0,

    /// <summary>
    /// Integer lengths, each truncated from the previous one: <c>T_0 = Period</c>, <c>T_{i+1} = floor(PeriodMultiplier * T_i)</c>
    /// with the product rounded to a double once (Composer's <c>int(t_mult * t_i)</c>). Needs an integral <c>Period</c>.
    /// </summary>
    Truncated = 1,
}
