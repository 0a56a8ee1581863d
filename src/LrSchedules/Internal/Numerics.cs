namespace LrSchedules.Internal;

/// <summary>Small numeric kernels shared by the closed forms, so every schedule rounds the same way.</summary>
internal static class Numerics
{
    /// <summary>
    /// Linear interpolation from <paramref name="from"/> (at <c>t = 0</c>) to <paramref name="to"/> (at
    /// <c>t = length</c>) as <c>from * ((length - t) / length) + to * (t / length)</c>. Both weights are computed from
    /// exact integers, so for non-negative endpoints the result is within a few ULP of the exact value at every
    /// <c>t</c> and exactly equal to the endpoints at <c>t = 0</c> and <c>t = length</c>.
    /// </summary>
    /// <param name="from">Value at <c>t = 0</c>.</param>
    /// <param name="to">Value at <c>t = length</c>.</param>
    /// <param name="t">Position, in <c>[0, length]</c>.</param>
    /// <param name="length">Interval length, <c>&gt;= 1</c>.</param>
    public static double Lerp(double from, double to, long t, long length)
    {
        double len = length;
        return (from * ((length - t) / len)) + (to * (t / len));
    }

    /// <summary>
    /// Cosine interpolation: <paramref name="from"/> at <c>t = 0</c>, <paramref name="to"/> at <c>t = length</c>, following
    /// half a cosine period: <c>from * (1 + cos(pi t/length))/2 + to * (1 - cos(pi t/length))/2</c>.
    /// </summary>
    public static double CosineLerp(double from, double to, long t, long length)
    {
        double c = double.CosPi(t / (double)length);
        return (from * (0.5 * (1 + c))) + (to * (0.5 * (1 - c)));
    }

    /// <summary>Index of the first element of sorted <paramref name="values"/> greater than <paramref name="x"/> (Python's bisect_right).</summary>
    public static int UpperBound(ReadOnlySpan<long> values, long x)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (values[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
