namespace LrSchedules.Cli;

/// <summary>What <see cref="PlotRenderer"/> draws: the lines and how to frame them.</summary>
/// <param name="Lines">The lines, in legend order.</param>
/// <param name="FirstStep">The first step plotted.</param>
/// <param name="LastStep">The last step plotted.</param>
/// <param name="LogY">Whether the y axis is logarithmic (values &lt;= 0 are gaps).</param>
/// <param name="Title">The title, or null for none.</param>
/// <param name="ShowLegend">Whether to draw the legend.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Format">PNG or SVG.</param>
/// <param name="YLabel">The y axis label (" (log scale)" is appended with <paramref name="LogY"/>).</param>
/// <param name="YFromZero">Whether a linear y axis starts at 0 (rates); otherwise it spans the data with 5% padding (losses).</param>
internal sealed record PlotChart(IReadOnlyList<PlotLine> Lines, long FirstStep, long LastStep, bool LogY, string? Title, bool ShowLegend, int Width, int Height, PlotFormat Format, string YLabel = "learning rate", bool YFromZero = true);
