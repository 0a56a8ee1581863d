namespace LrSchedules.Schedules;

/// <summary>The curve of one cycle of a <see cref="RestartsSchedule"/>, from its peak (<c>u = 0</c>) to the floor (<c>u = 1</c>).</summary>
public enum CycleShape
{
    /// <summary><c>f(u) = (1 + cos(pi u)) / 2</c> (SGDR).</summary>
    Cosine = 0,

    /// <summary><c>f(u) = (1 - u)^Power</c> (timm <c>PolyLRScheduler</c>; <c>Power = 1</c> is linear).</summary>
    Power = 1,

    /// <summary><c>f(u) = (1 - tanh(TanhLower (1 - u) + TanhUpper u)) / 2</c> (timm <c>TanhLRScheduler</c>).</summary>
    Tanh = 2,
}
