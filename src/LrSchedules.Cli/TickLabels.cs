using System.Globalization;

namespace LrSchedules.Cli;

/// <summary>
/// Tick labels a person reads at a glance: as few digits as the tick spacing needs, no floating-point noise
/// (<c>0.30000000000000004</c> is <c>0.3</c>), fixed notation from 0.001 to below 1,000,000 and a short
/// scientific form (<c>2e-5</c>, <c>1.5e7</c>) outside, and ticks on a log axis at 1, 2 and 5 times the powers of ten.
/// </summary>
internal static class TickLabels
{
    /// <summary>Formats a tick at <paramref name="value"/> on an axis that spans <paramref name="span"/>.</summary>
    /// <param name="value">The tick position.</param>
    /// <param name="span">The width of the visible range (positive); values within <c>span * 1e-9</c> of 0 print as <c>0</c>.</param>
    public static string Format(double value, double span)
    {
        if (!double.IsFinite(value))
        {
            return string.Empty;
        }

        if (Math.Abs(value) <= Math.Abs(span) * 1e-9 || value == 0)
        {
            return "0";
        }

        // Ten significant digits are far more than any tick spacing needs and drop the binary rounding noise.
        double rounded = double.Parse(value.ToString("G10", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        double magnitude = Math.Abs(rounded);
        if (magnitude >= 1e-3 && magnitude < 1e6)
        {
            return rounded.ToString(magnitude >= 1000 ? "#,0.##########" : "0.##########", CultureInfo.InvariantCulture);
        }

        return rounded.ToString("0.#########e0", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Major ticks for a log axis over <c>[10^lo, 10^hi]</c> (<paramref name="lo"/> and <paramref name="hi"/> in decades):
    /// the powers of ten when the range covers at least two of them (every k-th when there are many), otherwise 1, 2 and 5
    /// times them, otherwise 1 to 9 times them. Returned as log10 positions.
    /// </summary>
    public static double[] LogMajorTicks(double lo, double hi)
    {
        var decades = new List<double>();
        for (double d = Math.Ceiling(lo); d <= hi; d++)
        {
            decades.Add(d);
        }

        if (decades.Count >= 2)
        {
            int every = (int)Math.Ceiling(decades.Count / 8.0);
            return [.. decades.Where(d => ((long)d % every) == 0)];
        }

        double[] result = Multiples(lo, hi, [1, 2, 5]);
        return result.Length >= 3 ? result : Multiples(lo, hi, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }

    /// <summary>Minor ticks for a log axis: 2 to 9 times each power of ten in range (only when majors are the powers of ten).</summary>
    public static double[] LogMinorTicks(double lo, double hi) => Multiples(lo, hi, [2, 3, 4, 5, 6, 7, 8, 9]);

    private static double[] Multiples(double lo, double hi, double[] factors)
    {
        var ticks = new List<double>();
        for (double d = Math.Floor(lo); d <= Math.Ceiling(hi); d++)
        {
            foreach (double f in factors)
            {
                double position = d + Math.Log10(f);
                if (position >= lo && position <= hi)
                {
                    ticks.Add(position);
                }
            }
        }

        return [.. ticks];
    }
}
