namespace LrSchedules.Internal;

/// <summary>Small numeric kernels shared by the closed forms, so every schedule rounds the same way.</summary>
internal static class Numerics
{
    /// <summary>
    /// Linear interpolation from <paramref name="from"/> (at <c>t = 0</c>) to <paramref name="to"/> (at
    /// <c>t = length</c>): <c>lo + (hi - lo) * w</c> through <see cref="Interpolant"/>, from the smaller endpoint <c>lo</c>
    /// with the weight of the larger one, <c>w = t / length</c> for a rise and <c>(length - t) / length</c> for a decay (the
    /// numerators exact integers). So every term is non-negative (within about 2 ULP of the exact value), the value stays
    /// inside <c>[min(from, to), max(from, to)]</c> even next to <c>double.MaxValue</c>, and it is monotone in <c>t</c>.
    /// Equal to <paramref name="from"/> at <c>t = 0</c> for a rise; callers return the endpoints themselves at
    /// <c>t = 0</c> and <c>t = length</c>.
    /// </summary>
    /// <param name="from">Value at <c>t = 0</c>; finite, <c>&gt;= 0</c>.</param>
    /// <param name="to">Value at <c>t = length</c>; finite, <c>&gt;= 0</c>.</param>
    /// <param name="t">Position, in <c>[0, length]</c>.</param>
    /// <param name="length">Interval length, <c>&gt;= 1</c>.</param>
    public static double Lerp(double from, double to, long t, long length)
        => from >= to
            ? new Interpolant(to, from).At((length - t) / (double)length)
            : new Interpolant(from, to).At(t / (double)length);

    /// <summary>
    /// Cosine interpolation: <paramref name="from"/> at <c>t = 0</c>, <paramref name="to"/> at <c>t = length</c>, following
    /// half a cosine period, <c>to + (from - to) * (1 + cos(pi t/length))/2</c>: through <see cref="Interpolant"/> from the
    /// smaller endpoint with the weight of the larger, <see cref="HalfCosine(long, long)"/> of <c>t</c> for a decay and of
    /// the exact complement <c>length - t</c> (<c>(1 - cos(pi t/length))/2</c>) for a rise, so the value stays inside the
    /// endpoints and keeps full relative precision at both ends.
    /// </summary>
    public static double CosineLerp(double from, double to, long t, long length)
        => from >= to
            ? new Interpolant(to, from).At(HalfCosine(t, length))
            : new Interpolant(from, to).At(HalfCosine(length - t, length));

    /// <summary>
    /// <c>(1 + cos(pi t / L)) / 2</c> for <c>t</c> in <c>[0, L]</c>, computed as <c>cos^2(pi t / (2L))</c> while
    /// <c>t &lt;= L - t</c> and as <c>sin^2(pi (L - t) / (2L))</c> after, from exact integers: both arguments stay in
    /// <c>[0, pi/4]</c>, so the result keeps full relative precision even where it tends to 0 (the naive
    /// <c>0.5 * (1 + cos)</c> cancels there). Each form is clamped to its side of 1/2, so the curve is monotone where the two
    /// meet (their polynomials differ by a few ULP there). The span kernels evaluate the same arguments (see <see cref="QuarterScale"/>) through the same polynomials (<see cref="VectorMath"/>), so the two paths agree bit for bit.
    /// </summary>
    public static double HalfCosine(long t, long length)
    {
        if (t == length - t)
        {
            // The midpoint, exactly (cos^2(pi/4) rounds to 0.4999999999999999).
            return 0.5;
        }

        // Each form is kept on its side of 1/2 (cos^2 >= 1/2 before the midpoint, sin^2 <= 1/2 after, as in exact
        // arithmetic): the two polynomials disagree by a few ULP where they meet, which made the curve step the wrong way
        // there (19 ULP for a cosine decay with exponent 10 over 1.5e18 steps).
        double c = QuarterScale(length);
        if (t <= length - t)
        {
            double v = VectorMath.Cos(t * c);
            return Math.Max(v * v, 0.5);
        }

        double s = VectorMath.Sin((length - t) * c);
        return Math.Min(s * s, 0.5);
    }

    /// <summary>
    /// The geometric interpolation <c>from^(1 - x) * to^x</c> of two positive values whose ratio is not a normal double
    /// (the exponential curves' fallback, e.g. from a subnormal to 1e-9): <c>2^y</c> with <c>y</c> the
    /// <see cref="Interpolant"/> from <c>log2(from)</c> to <c>log2(to)</c> at <paramref name="x"/>, so the exponent, and
    /// with it the value, is monotone in <paramref name="x"/>. The product of two powers it replaces rounded its two
    /// exponents independently (and <c>1 - x</c> inexactly below 1/2), and stepped the wrong way by 16 ULP in the middle of
    /// a warmup from 5e-324 to 9.7e-10 over 2^53 - 1 steps.
    /// </summary>
    /// <param name="from">The value at <c>x = 0</c>; finite, <c>&gt; 0</c>.</param>
    /// <param name="to">The value at <c>x = 1</c>; finite, <c>&gt; 0</c>.</param>
    /// <param name="x">The position, in <c>[0, 1]</c>.</param>
    public static double GeometricLerp(double from, double to, double x)
        => VectorMath.Exp2(new Interpolant(Math.Log2(from), Math.Log2(to)).At(x));

    /// <summary>
    /// <c>pi / (2 L)</c>: the half-cosine forms evaluate <c>cos(k * QuarterScale(L))</c> for an exact integer <c>k</c> in
    /// <c>[0, L/2]</c>, the argument rounded twice, identically in the scalar and span paths.
    /// </summary>
    public static double QuarterScale(long length) => Math.PI / (2.0 * length);

    /// <summary>
    /// The code of a power that <see cref="SmallPower"/> computes with correctly rounded operations: 1..4 for those
    /// integers (repeated multiplication), 0 for one half (a square root), -1 otherwise (<c>2^(power log2 x)</c> through <see cref="VectorMath"/>).
    /// </summary>
    public static int SmallPowerCode(double power) => power switch
    {
        1 => 1,
        2 => 2,
        3 => 3,
        4 => 4,
        0.5 => 0,
        _ => -1,
    };

    /// <summary>
    /// <c>x^power</c>: for the powers <see cref="SmallPowerCode"/> accepts, by the multiplications (or the square root) the
    /// span operator repeats lane by lane, so the two paths agree bit for bit; otherwise <c>2^(power log2 x)</c> through the
    /// shared <see cref="VectorMath.Exp2(double)"/> and <see cref="VectorMath.Log2(double)"/> (for <c>x</c> = 0 or a
    /// positive normal number, within about 1e-13 relative of <see cref="Math.Pow"/> for the exponents in use).
    /// </summary>
    public static double SmallPower(double x, double power) => SmallPowerCode(power) switch
    {
        1 => x,
        2 => x * x,
        3 => x * x * x,
        4 => (x * x) * (x * x),
        0 => Math.Sqrt(x),
        _ => x == 0 ? 0 : VectorMath.Exp2(power * VectorMath.Log2(x)),
    };

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
