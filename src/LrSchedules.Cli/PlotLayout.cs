namespace LrSchedules.Cli;

/// <summary>
/// Where a rendered plot put its data: the pixel rectangle of the data area and the axis ranges it shows, so that a
/// value maps to a pixel (used by the tests to find the curves in the image), and the colour of each line.
/// </summary>
/// <param name="Left">Pixel column of the data area's left edge (x = <paramref name="XMin"/>).</param>
/// <param name="Top">Pixel row of its top edge (y = <paramref name="YMax"/>).</param>
/// <param name="Right">Pixel column of its right edge (x = <paramref name="XMax"/>).</param>
/// <param name="Bottom">Pixel row of its bottom edge (y = <paramref name="YMin"/>).</param>
/// <param name="XMin">The step at the left edge.</param>
/// <param name="XMax">The step at the right edge.</param>
/// <param name="YMin">The value at the bottom edge (its log10 on a log axis).</param>
/// <param name="YMax">The value at the top edge (its log10 on a log axis).</param>
/// <param name="LineColors">Each line's colour as 0xRRGGBB, in the order of <see cref="PlotChart.Lines"/>.</param>
internal sealed record PlotLayout(float Left, float Top, float Right, float Bottom, double XMin, double XMax, double YMin, double YMax, IReadOnlyList<uint> LineColors);
