namespace LrSchedules.Cli;

/// <summary>The options of one <c>lrs plot</c> run, as parsed (not yet validated beyond each option's own range).</summary>
/// <param name="Specs">The <c>--spec</c> values, in order.</param>
/// <param name="Labels">The <c>--label</c> values, or null to derive the labels.</param>
/// <param name="Steps">The number of steps.</param>
/// <param name="Start">The first step.</param>
/// <param name="Out">The file to write.</param>
/// <param name="LogY">Whether the y axis is logarithmic.</param>
/// <param name="Title">The title, or null.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Metrics">The <c>--metrics</c> value, or null.</param>
internal sealed record PlotOptions(
    string[] Specs,
    string[]? Labels,
    long Steps,
    long Start,
    string Out,
    bool LogY,
    string? Title,
    int Width = PlotCommand.DefaultWidth,
    int Height = PlotCommand.DefaultHeight,
    string? Metrics = null);
