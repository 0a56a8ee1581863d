namespace LrSchedules.Schedules;

/// <summary>How a piecewise-interpolation schedule moves between two knots.</summary>
public enum Interpolation
{
    /// <summary>A straight line: <c>a + (b - a) * pct</c>.</summary>
    Linear = 0,

    /// <summary>Half a cosine: <c>b + (a - b) * (1 + cos(pi * pct)) / 2</c>.</summary>
    Cosine = 1,
}
