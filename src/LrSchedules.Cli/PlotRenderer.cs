using System.Text;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace LrSchedules.Cli;

/// <summary>
/// Draws a <see cref="PlotChart"/> with ScottPlot: one 2-pixel line per <see cref="PlotLine"/> in the Category10 colours,
/// thin dashed vertical lines in the line's colour at its phase boundaries, axes labelled "step" and "learning rate",
/// tick labels from <see cref="TickLabels"/>, the legend right of the plot (one entry per line, stacked: it stays readable for long labels), and the text in <see cref="EmbeddedFont"/>.
/// </summary>
internal static class PlotRenderer
{
    // ScottPlot keeps process-wide font state (resolvers, typeface caches); one render at a time keeps it consistent.
    private static readonly Lock Gate = new();

    /// <summary>The most decades a log axis shows below the largest value.</summary>
    public const double MaxDecades = 6;

    /// <summary>Renders the chart to PNG or SVG bytes, and reports where the data went.</summary>
    public static (byte[] Image, PlotLayout Layout) Render(PlotChart chart)
    {
        EmbeddedFont.Register();
        lock (Gate)
        {
            var plot = new Plot();
            plot.Font.Set(EmbeddedFont.Family);
            var palette = new ScottPlot.Palettes.Category10();
            var colors = new List<uint>();
            for (int i = 0; i < chart.Lines.Count; i++)
            {
                var line = chart.Lines[i];
                var color = palette.GetColor(i);
                colors.Add(((uint)color.Red << 16) | ((uint)color.Green << 8) | color.Blue);
                foreach (long step in line.Boundaries)
                {
                    var marker = plot.Add.VerticalLine(step);
                    marker.LineWidth = 1;
                    marker.LinePattern = LinePattern.Dashed;
                    marker.Color = color.WithAlpha(0.7);
                }

                AddSegments(plot, line, color);
            }

            var (xMin, xMax) = XRange(chart);
            var (yMin, yMax) = YRange(chart);
            plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
            plot.Axes.Bottom.TickGenerator = new NumericAutomatic
            {
                IntegerTicksOnly = true,
                LabelFormatter = v => TickLabels.Format(v, xMax - xMin),
            };
            plot.Axes.Left.TickGenerator = chart.LogY ? LogTicks(yMin, yMax) : new NumericAutomatic { LabelFormatter = v => TickLabels.Format(v, yMax - yMin) };

            plot.XLabel("step");
            plot.YLabel(chart.LogY ? chart.YLabel + " (log scale)" : chart.YLabel);
            if (!string.IsNullOrEmpty(chart.Title))
            {
                plot.Title(chart.Title);
            }

            if (chart.ShowLegend)
            {
                plot.ShowLegend(Edge.Right);
            }
            else
            {
                plot.HideLegend();
            }

            byte[] image = chart.Format == PlotFormat.Png
                ? plot.GetImageBytes(chart.Width, chart.Height, ImageFormat.Png)
                : Encoding.UTF8.GetBytes(plot.GetSvgXml(chart.Width, chart.Height));
            var rect = plot.LastRender.DataRect;
            var limits = plot.Axes.GetLimits();
            return (image, new PlotLayout(rect.Left, rect.Top, rect.Right, rect.Bottom, limits.Left, limits.Right, limits.Bottom, limits.Top, colors));
        }
    }

    /// <summary>Adds the line as runs of drawable points (NaN splits it); only the first run carries the legend text.</summary>
    private static void AddSegments(Plot plot, PlotLine line, Color color)
    {
        bool labelled = false;
        int start = 0;
        while (start < line.Ys.Length)
        {
            if (double.IsNaN(line.Ys[start]))
            {
                start++;
                continue;
            }

            int end = start;
            while (end < line.Ys.Length && !double.IsNaN(line.Ys[end]))
            {
                end++;
            }

            var scatter = plot.Add.Scatter(line.Xs[start..end], line.Ys[start..end], color);
            scatter.LineWidth = 2;
            scatter.MarkerSize = end - start == 1 ? 5 : 0;
            scatter.LegendText = labelled ? string.Empty : line.Label;
            labelled = true;
            start = end;
        }
    }

    private static (double Min, double Max) XRange(PlotChart chart)
    {
        double lo = chart.FirstStep, hi = chart.LastStep;
        if (hi <= lo)
        {
            return (lo - 0.5, lo + 0.5);
        }

        double pad = (hi - lo) * 0.01;
        return (lo - pad, hi + pad);
    }

    /// <summary>
    /// Linear: from 0 (learning rates are never negative, and 0 is the reference a reader wants) to 5% above the largest
    /// value. Log: the drawn values' range, but at most <see cref="MaxDecades"/> decades below the largest value (a cosine
    /// decaying to 0 passes 1e-9 on its last steps and would squash the rest; such values run off the bottom edge), a
    /// decade of room around a single value, and 4% padding.
    /// </summary>
    private static (double Min, double Max) YRange(PlotChart chart)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var line in chart.Lines)
        {
            foreach (double y in line.Ys)
            {
                if (double.IsFinite(y))
                {
                    lo = Math.Min(lo, y);
                    hi = Math.Max(hi, y);
                }
            }
        }

        if (!chart.LogY && !chart.YFromZero)
        {
            double span = hi > lo ? hi - lo : Math.Max(Math.Abs(hi), 1) * 0.1;
            return (lo - (0.05 * span), hi + (0.05 * span));
        }

        if (!chart.LogY)
        {
            double top = hi > 0 ? hi * 1.05 : 1;
            return (-0.03 * top, top);
        }

        lo = Math.Max(lo, hi - MaxDecades);
        if (!(hi - lo > 1e-9))
        {
            lo -= 0.5;
            hi += 0.5;
        }

        double pad = (hi - lo) * 0.04;
        return (lo - pad, hi + pad);
    }

    private static NumericManual LogTicks(double lo, double hi)
    {
        var ticks = new NumericManual();
        double[] majors = TickLabels.LogMajorTicks(lo, hi);
        foreach (double t in majors)
        {
            ticks.AddMajor(t, TickLabels.Format(Math.Pow(10, t), Math.Pow(10, t)));
        }

        if (majors.Length > 0 && majors.All(t => t == Math.Floor(t)))
        {
            foreach (double t in TickLabels.LogMinorTicks(lo, hi))
            {
                ticks.AddMinor(t);
            }
        }

        return ticks;
    }
}
