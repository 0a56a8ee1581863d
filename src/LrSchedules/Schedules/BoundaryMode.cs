namespace LrSchedules.Schedules;

/// <summary>Which value a piecewise-constant schedule takes exactly at a boundary step.</summary>
public enum BoundaryMode
{
    /// <summary>The new value starts at the boundary: value <c>i + 1</c> for <c>step &gt;= boundary[i]</c> (optax, PyTorch).</summary>
    SwitchAt = 0,

    /// <summary>The old value is kept at the boundary: value <c>i + 1</c> for <c>step &gt; boundary[i]</c> (Keras <c>PiecewiseConstantDecay</c>).</summary>
    SwitchAfter = 1,
}
