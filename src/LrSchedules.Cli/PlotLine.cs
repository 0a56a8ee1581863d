namespace LrSchedules.Cli;

/// <summary>One line of a plot: its legend label, its points (NaN values leave gaps) and its phase boundaries.</summary>
/// <param name="Label">The legend text.</param>
/// <param name="Xs">The steps.</param>
/// <param name="Ys">The values at those steps (NaN where nothing is drawn).</param>
/// <param name="Boundaries">The steps at which a phase of its schedule begins (drawn as dashed vertical lines).</param>
internal sealed record PlotLine(string Label, double[] Xs, double[] Ys, IReadOnlyList<long> Boundaries);
