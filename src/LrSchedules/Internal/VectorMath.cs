using System.Numerics;
using System.Runtime.CompilerServices;

namespace LrSchedules.Internal;

/// <summary>
/// Elementary functions on <see cref="Vector{T}"/> of <see cref="double"/>, restricted to the ranges the closed forms need
/// (so no general range reduction): <c>sin</c> and <c>cos</c> on <c>[0, pi/4]</c>, <c>2^y</c> on the whole double range and <c>log2</c> of positive normal numbers.
/// Two precisions: the "full" polynomials are within about 1 ULP of the correctly rounded value (used for double
/// output, and by the scalar closed forms through their scalar twins, so <c>GetLearningRate</c> and a double span agree
/// bit for bit); the "single" ones are within 1e-9 relative (used for float output, where they round to the same float
/// as the full form or to a neighbour).
/// </summary>
/// <remarks>
/// The sine and cosine are Taylor polynomials (on <c>[0, pi/4]</c> the first omitted term is below 3e-19 relative for the
/// full forms and below 3e-9 for the single forms), evaluated by Horner's rule in <c>z = x^2</c> with fused multiply-adds.
/// </remarks>
internal static class VectorMath
{
    private const double F3 = 6, F5 = 120, F7 = 5040, F9 = 362880, F11 = 39916800, F13 = 6227020800, F15 = 1307674368000, F17 = 355687428096000;
    private const double F2 = 2, F4 = 24, F6 = 720, F8 = 40320, F10 = 3628800, F12 = 479001600, F14 = 87178291200, F16 = 20922789888000;

    private const double Exp2Low = -1076, Exp2High = 1025;

    /// <summary><c>ln 2</c> rounded to double, and the rest (<c>ln 2 - Ln2</c>).</summary>
    private const double Ln2 = 0.6931471805599453, Ln2Low = 2.3190468138462996e-17;

    /// <summary><c>sin(x)</c> for <c>x</c> in <c>[0, pi/4]</c>, within about 1 ULP (terms to <c>x^17</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Sin(Vector<double> x)
    {
        var z = x * x;
        var p = Fma(z, new Vector<double>(-1 / F17), new Vector<double>(1 / F15));
        p = Fma(z, p, new Vector<double>(-1 / F13));
        p = Fma(z, p, new Vector<double>(1 / F11));
        p = Fma(z, p, new Vector<double>(-1 / F9));
        p = Fma(z, p, new Vector<double>(1 / F7));
        p = Fma(z, p, new Vector<double>(-1 / F5));
        p = Fma(z, p, new Vector<double>(1 / F3));
        // x - x^3 * p: the correction is below 0.11 x, so its rounding stays far below one ULP of the result.
        return Fma(-(x * z), p, x);
    }

    /// <summary><c>cos(x)</c> for <c>x</c> in <c>[0, pi/4]</c>, within about 1 ULP (terms to <c>x^16</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Cos(Vector<double> x)
    {
        var z = x * x;
        var p = Fma(z, new Vector<double>(1 / F16), new Vector<double>(-1 / F14));
        p = Fma(z, p, new Vector<double>(1 / F12));
        p = Fma(z, p, new Vector<double>(-1 / F10));
        p = Fma(z, p, new Vector<double>(1 / F8));
        p = Fma(z, p, new Vector<double>(-1 / F6));
        p = Fma(z, p, new Vector<double>(1 / F4));
        p = Fma(z, p, new Vector<double>(-1 / F2));
        return Fma(z, p, Vector<double>.One);
    }

    /// <summary><c>sin(x)</c> for <c>x</c> in <c>[0, pi/4]</c>, within 1e-9 relative (terms to <c>x^11</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> SinSingle(Vector<double> x)
    {
        var z = x * x;
        var p = Fma(z, new Vector<double>(-1 / F11), new Vector<double>(1 / F9));
        p = Fma(z, p, new Vector<double>(-1 / F7));
        p = Fma(z, p, new Vector<double>(1 / F5));
        p = Fma(z, p, new Vector<double>(-1 / F3));
        return Fma(x * z, p, x);
    }

    /// <summary><c>cos(x)</c> for <c>x</c> in <c>[0, pi/4]</c>, within 1e-9 relative (terms to <c>x^10</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> CosSingle(Vector<double> x)
    {
        var z = x * x;
        var p = Fma(z, new Vector<double>(-1 / F10), new Vector<double>(1 / F8));
        p = Fma(z, p, new Vector<double>(-1 / F6));
        p = Fma(z, p, new Vector<double>(1 / F4));
        p = Fma(z, p, new Vector<double>(-1 / F2));
        return Fma(z, p, Vector<double>.One);
    }

    /// <summary>
    /// The scalar twin of <see cref="Sin(Vector{double})"/>: the same operations in the same order, so it returns exactly
    /// what every lane of the vector form returns (the scalar and span paths agree bit for bit).
    /// </summary>
    public static double Sin(double x)
    {
        double z = x * x;
        double p = Math.FusedMultiplyAdd(z, -1 / F17, 1 / F15);
        p = Math.FusedMultiplyAdd(z, p, -1 / F13);
        p = Math.FusedMultiplyAdd(z, p, 1 / F11);
        p = Math.FusedMultiplyAdd(z, p, -1 / F9);
        p = Math.FusedMultiplyAdd(z, p, 1 / F7);
        p = Math.FusedMultiplyAdd(z, p, -1 / F5);
        p = Math.FusedMultiplyAdd(z, p, 1 / F3);
        return Math.FusedMultiplyAdd(-(x * z), p, x);
    }

    /// <summary>The scalar twin of <see cref="Cos(Vector{double})"/> (bit-identical to each lane).</summary>
    public static double Cos(double x)
    {
        double z = x * x;
        double p = Math.FusedMultiplyAdd(z, 1 / F16, -1 / F14);
        p = Math.FusedMultiplyAdd(z, p, 1 / F12);
        p = Math.FusedMultiplyAdd(z, p, -1 / F10);
        p = Math.FusedMultiplyAdd(z, p, 1 / F8);
        p = Math.FusedMultiplyAdd(z, p, -1 / F6);
        p = Math.FusedMultiplyAdd(z, p, 1 / F4);
        p = Math.FusedMultiplyAdd(z, p, -1 / F2);
        return Math.FusedMultiplyAdd(z, p, 1);
    }

    /// <summary>
    /// <c>cos^2(pi x) = (1 + cos(2 pi x)) / 2</c> for any finite <c>x</c>: exact reduction to <c>m = |x| mod 1</c> folded
    /// into <c>[0, 1/2]</c> (exact in double), then <c>cos^2(pi m)</c> for <c>m &lt; 1/4</c> and <c>sin^2(pi (1/2 - m))</c>
    /// above, each argument exact before the multiplication by <c>pi</c>, so the result keeps full relative precision
    /// near its zeros; exactly 1, 1/2 and 0 at <c>m</c> = 0, 1/4 and 1/2. Each form is clamped to its side of 1/2
    /// (<c>cos^2 &gt;= 1/2</c> below the quarter period, <c>sin^2 &lt;= 1/2</c> above), so the function is monotone where the
    /// two polynomials meet. Within a few ULP.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> CosPiSquared(Vector<double> x) => CosPiSquared<FullPrecision>(x);

    /// <summary>
    /// <see cref="CosPiSquared(Vector{double})"/> with the sine and cosine polynomials of <typeparamref name="TPrecision"/>
    /// (<see cref="SinglePrecision"/> for float output, within 1 float ULP after rounding).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> CosPiSquared<TPrecision>(Vector<double> x)
        where TPrecision : struct, IPrecision
    {
        var half = new Vector<double>(0.5);
        var a = Vector.Abs(x);
        var m = a - Vector.Floor(a);
        m = Vector.ConditionalSelect(Vector.GreaterThan(m, half), Vector<double>.One - m, m);
        var quarter = new Vector<double>(0.25);
        var pi = new Vector<double>(Math.PI);
        Vector<double> w;
        if (Vector.LessThanAll(m, quarter))
        {
            w = TPrecision.Cos(m * pi);
        }
        else if (Vector.GreaterThanOrEqualAll(m, quarter))
        {
            w = TPrecision.Sin((half - m) * pi);
        }
        else
        {
            // Lanes on both sides of the quarter period: both polynomials, each lane takes its own (as the scalar twin).
            w = Vector.ConditionalSelect(Vector.LessThan(m, quarter), TPrecision.Cos(m * pi), TPrecision.Sin((half - m) * pi));
        }

        var h = w * w;
        h = Vector.ConditionalSelect(Vector.LessThan(m, quarter), Max(h, half), Min(h, half));
        return Vector.ConditionalSelect(Vector.Equals(m, quarter), half, h);
    }

    /// <summary>The scalar twin of <see cref="CosPiSquared(Vector{double})"/> (bit-identical to each lane).</summary>
    public static double CosPiSquared(double x)
    {
        double a = Math.Abs(x);
        double m = a - Math.Floor(a);
        if (m > 0.5)
        {
            m = 1 - m;
        }

        if (m == 0.25)
        {
            return 0.5;
        }

        if (m < 0.25)
        {
            double c = Cos(m * Math.PI);
            return Math.Max(c * c, 0.5);
        }

        double s = Sin((0.5 - m) * Math.PI);
        return Math.Min(s * s, 0.5);
    }

    /// <summary>
    /// <c>2^y</c>, within about 1 ULP, for <c>y</c> in <c>[-1076, 1025]</c> (arguments are clamped to that range: below it
    /// the result is 0, above it +inf); exact at integers. Reduction <c>y = n + f</c> with <c>n</c> the nearest integer
    /// (<c>f</c> exact, <c>|f| &lt;= 1/2</c>), <c>r = f ln 2</c> carried with a two-part <c>ln 2</c>, a Taylor polynomial of
    /// <c>e^r</c> to <c>r^13</c> (first omitted term below 5e-18 relative) and a scale by <c>2^n</c> in two exact halves,
    /// so results in the subnormal range are rounded once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Exp2(Vector<double> y)
    {
        // IEEE min/max here: a NaN argument gives NaN in both forms (documented; the schedules never pass one).
        y = Vector.Min(Vector.Max(y, new Vector<double>(Exp2Low)), new Vector<double>(Exp2High));
        var r = Exp2Reduce(y, out var n);
        var p = new Vector<double>(1 / F13);
        p = Fma(r, p, new Vector<double>(1 / F12));
        p = Fma(r, p, new Vector<double>(1 / F11));
        p = Fma(r, p, new Vector<double>(1 / F10));
        p = Fma(r, p, new Vector<double>(1 / F9));
        p = Fma(r, p, new Vector<double>(1 / F8));
        return Scale(ExpTail(r, p), n);
    }

    /// <summary>The last Horner steps of the <c>e^r</c> polynomial, shared by both forms: <c>p</c> through <c>1/7! ... 1/2!, 1, 1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> ExpTail(Vector<double> r, Vector<double> p)
    {
        p = Fma(r, p, new Vector<double>(1 / F7));
        p = Fma(r, p, new Vector<double>(1 / F6));
        p = Fma(r, p, new Vector<double>(1 / F5));
        p = Fma(r, p, new Vector<double>(1 / F4));
        p = Fma(r, p, new Vector<double>(1 / F3));
        p = Fma(r, p, new Vector<double>(1 / F2));
        p = Fma(r, p, Vector<double>.One);
        return Fma(r, p, Vector<double>.One);
    }

    /// <summary>The reduction of <c>2^y</c>: <c>n</c> the nearest integer, <c>f = y - n</c> (exact), returns <c>r = f ln 2</c> with a two-part <c>ln 2</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Exp2Reduce(Vector<double> y, out Vector<double> n)
    {
        n = Vector.Floor(y + new Vector<double>(0.5));
        var f = y - n;
        return Fma(f, new Vector<double>(Ln2), f * new Vector<double>(Ln2Low));
    }

    /// <summary><c>p 2^n</c> for an integer <c>n</c> in <c>[-1076, 1025]</c>, in two exact halves (a subnormal result is rounded once).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Scale(Vector<double> p, Vector<double> n)
    {
        // n is already in [-1076, 1025], so the conversion needs no saturation (ConvertToInt64 adds three instructions for it).
        var ni = Vector.ConvertToInt64Native(n);
        var n1 = Vector.ShiftRightArithmetic(ni, 1);
        var bias = new Vector<long>(1023);
        var s1 = Vector.AsVectorDouble(Vector.ShiftLeft(n1 + bias, 52));
        var s2 = Vector.AsVectorDouble(Vector.ShiftLeft(ni - n1 + bias, 52));
        return p * s1 * s2;
    }

    /// <summary>The scalar twin of <see cref="Exp2(Vector{double})"/> (bit-identical to each lane).</summary>
    public static double Exp2(double y)
    {
        y = Math.Min(Math.Max(y, Exp2Low), Exp2High);
        double n = Math.Floor(y + 0.5);
        double f = y - n;
        double r = Math.FusedMultiplyAdd(f, Ln2, f * Ln2Low);
        double p = 1 / F13;
        p = Math.FusedMultiplyAdd(r, p, 1 / F12);
        p = Math.FusedMultiplyAdd(r, p, 1 / F11);
        p = Math.FusedMultiplyAdd(r, p, 1 / F10);
        p = Math.FusedMultiplyAdd(r, p, 1 / F9);
        p = Math.FusedMultiplyAdd(r, p, 1 / F8);
        p = Math.FusedMultiplyAdd(r, p, 1 / F7);
        p = Math.FusedMultiplyAdd(r, p, 1 / F6);
        p = Math.FusedMultiplyAdd(r, p, 1 / F5);
        p = Math.FusedMultiplyAdd(r, p, 1 / F4);
        p = Math.FusedMultiplyAdd(r, p, 1 / F3);
        p = Math.FusedMultiplyAdd(r, p, 1 / F2);
        p = Math.FusedMultiplyAdd(r, p, 1);
        p = Math.FusedMultiplyAdd(r, p, 1);
        long ni = (long)n;
        long n1 = ni >> 1;
        double s1 = BitConverter.Int64BitsToDouble((n1 + 1023) << 52);
        double s2 = BitConverter.Int64BitsToDouble((ni - n1 + 1023) << 52);
        return p * s1 * s2;
    }

    /// <summary>
    /// <c>2^y</c> for a float result: the reduction and scaling of <see cref="Exp2(Vector{double})"/> with the Taylor
    /// polynomial of <c>e^r</c> to <c>r^8</c> (first omitted term below 6e-10 relative, a sixtieth of a float ULP); exact at
    /// integers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Exp2Single(Vector<double> y)
    {
        // One-instruction clamps (what a NaN argument gives is left to the instruction; no schedule passes one).
        y = Min(Max(y, new Vector<double>(Exp2Low)), new Vector<double>(Exp2High));
        var r = Exp2Reduce(y, out var n);
        return Scale(ExpTail(r, new Vector<double>(1 / F8)), n);
    }

    /// <summary>
    /// <c>factor 2^y</c> in float lanes, for float output: <paramref name="yLow"/> then <paramref name="yHigh"/> in double,
    /// clamped to <c>[-252, 254]</c> (beyond it a float result is 0 or +inf for any factor in <c>[0, 2)</c>), reduced in
    /// double to <c>n</c> the nearest integer and <c>f = y - n</c> (exact, <c>|f| &lt;= 1/2</c>), so the phase of a large
    /// <c>y</c> is not rounded to float; then in float: the Taylor polynomial of <c>2^f</c> to <c>f^7</c> (first omitted
    /// term below 5.3e-9 relative, a eleventh of a float half-ULP), times <paramref name="factor"/>, scaled by <c>2^n</c> in
    /// two exact halves (a subnormal result is rounded once). Within about 2 float ULP of the exact value; exact where
    /// <c>y</c> is an integer. A result above <see cref="float.MaxValue"/> is +inf (callers saturate).
    /// </summary>
    /// <param name="yLow">The exponents of the first half of the lanes; not NaN.</param>
    /// <param name="yHigh">The exponents of the second half; not NaN.</param>
    /// <param name="factor">Finite factors in <c>[0, 2)</c>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp2Float(Vector<double> yLow, Vector<double> yHigh, Vector<float> factor)
    {
        var lowest = new Vector<double>(-252);
        var highest = new Vector<double>(254);
        yLow = Min(Max(yLow, lowest), highest);
        yHigh = Min(Max(yHigh, lowest), highest);
        var nLow = Vector.Floor(yLow + new Vector<double>(0.5));
        var nHigh = Vector.Floor(yHigh + new Vector<double>(0.5));
        var f = Vector.Narrow(yLow - nLow, yHigh - nHigh);
        var n = Vector.ConvertToInt32Native(Vector.Narrow(nLow, nHigh));

        // 2^f = sum (f ln 2)^i / i!, in Horner form with the coefficients ln(2)^i / i! rounded to float.
        var p = new Vector<float>(1.5252734e-05f);
        p = Vector.FusedMultiplyAdd(f, p, new Vector<float>(1.5403530e-04f));
        p = Vector.FusedMultiplyAdd(f, p, new Vector<float>(1.3333558e-03f));
        p = Vector.FusedMultiplyAdd(f, p, new Vector<float>(9.6181291e-03f));
        p = Vector.FusedMultiplyAdd(f, p, new Vector<float>(5.5504109e-02f));
        p = Vector.FusedMultiplyAdd(f, p, new Vector<float>(2.4022651e-01f));
        p = Vector.FusedMultiplyAdd(f, p, new Vector<float>(6.9314718e-01f));
        p = Vector.FusedMultiplyAdd(f, p, Vector<float>.One);

        // n in [-252, 254]: both halves in [-126, 127], normal powers of 2.
        var a = Vector.ShiftRightArithmetic(n, 1);
        var bias = new Vector<int>(127);
        var s1 = Vector.AsVectorSingle(Vector.ShiftLeft(a + bias, 23));
        var s2 = Vector.AsVectorSingle(Vector.ShiftLeft(n - a + bias, 23));
        return factor * p * s1 * s2;
    }

    /// <summary>
    /// <c>min(a, b)</c> in one instruction, for float lanes; the same conditions as
    /// <see cref="Min(Vector{double}, Vector{double})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Min(Vector<float> a, Vector<float> b) => Vector.MinNative(a, b);

    /// <summary><c>max(a, b)</c> in one instruction, for float lanes; the same conditions as <see cref="Min(Vector{double}, Vector{double})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Max(Vector<float> a, Vector<float> b) => Vector.MaxNative(a, b);

    /// <summary>The bits of <c>sqrt(1/2)</c>: the mantissa reduction of <see cref="Log2(Vector{double})"/> starts there.</summary>
    private const long SqrtHalfBits = 0x3FE6A09E667F3BCD;

    /// <summary><c>1 / ln 2</c> rounded to double.</summary>
    private const double InvLn2 = 1.4426950408889634;

    /// <summary>
    /// <c>log2(x)</c> for a positive normal <c>x</c>, within a few ULP (exact at powers of 2): <c>x = 2^e m</c> with
    /// <c>m</c> in <c>[sqrt(1/2), sqrt(2))</c> from the bits, <c>ln m = 2 atanh(s)</c> with <c>s = (m - 1) / (m + 1)</c>
    /// (<c>|s| &lt;= 0.172</c>) by its series to <c>s^25</c> (first omitted term below 1e-20 relative), then
    /// <c>e + ln m / ln 2</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Log2(Vector<double> x)
    {
        var s = Log2Reduce(x, out var e);
        var z = s * s;
        var q = Fma(z, new Vector<double>(1.0 / 25), new Vector<double>(1.0 / 23));
        q = Fma(z, q, new Vector<double>(1.0 / 21));
        q = Fma(z, q, new Vector<double>(1.0 / 19));
        q = Fma(z, q, new Vector<double>(1.0 / 17));
        q = Fma(z, q, new Vector<double>(1.0 / 15));
        q = Fma(z, q, new Vector<double>(1.0 / 13));
        return Log2Finish(s, z, AtanhTail(z, q), e);
    }

    /// <summary>
    /// <c>log2(x)</c> for a float result: the reduction of <see cref="Log2(Vector{double})"/> with the <c>atanh</c> series to
    /// <c>s^13</c> (first omitted term below 7e-13 relative to <c>ln m</c>); exact at powers of 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Log2Single(Vector<double> x)
    {
        var s = Log2Reduce(x, out var e);
        var z = s * s;
        return Log2Finish(s, z, AtanhTail(z, new Vector<double>(1.0 / 13)), e);
    }

    /// <summary>The reduction of <c>log2(x)</c>: <c>x = 2^e m</c>, <c>m</c> in <c>[sqrt(1/2), sqrt(2))</c> from the bits; returns <c>s = (m - 1) / (m + 1)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Log2Reduce(Vector<double> x, out Vector<long> e)
    {
        var bits = Vector.AsVectorInt64(x);
        e = Vector.ShiftRightArithmetic(bits - new Vector<long>(SqrtHalfBits), 52);
        var m = Vector.AsVectorDouble(bits - Vector.ShiftLeft(e, 52));
        return (m - Vector<double>.One) / (m + Vector<double>.One);
    }

    /// <summary>The last five Horner steps of the <c>atanh</c> series factor, shared by both forms: <c>q</c> through <c>1/11 ... 1/3</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> AtanhTail(Vector<double> z, Vector<double> q)
    {
        q = Fma(z, q, new Vector<double>(1.0 / 11));
        q = Fma(z, q, new Vector<double>(1.0 / 9));
        q = Fma(z, q, new Vector<double>(1.0 / 7));
        q = Fma(z, q, new Vector<double>(1.0 / 5));
        return Fma(z, q, new Vector<double>(1.0 / 3));
    }

    /// <summary><c>e + 2 atanh(s) / ln 2</c> from the series factor <c>q</c> (<c>atanh(s) = s + s z q</c>, <c>z = s^2</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Log2Finish(Vector<double> s, Vector<double> z, Vector<double> q, Vector<long> e)
    {
        var s2 = s + s;
        var ln = Fma(s2 * z, q, s2);
        return Fma(ln, new Vector<double>(InvLn2), Vector.ConvertToDouble(e));
    }

    /// <summary>The scalar twin of <see cref="Log2(Vector{double})"/> (bit-identical to each lane).</summary>
    public static double Log2(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        long e = (bits - SqrtHalfBits) >> 52;
        double m = BitConverter.Int64BitsToDouble(bits - (e << 52));
        double s = (m - 1) / (m + 1);
        double z = s * s;
        double q = Math.FusedMultiplyAdd(z, 1.0 / 25, 1.0 / 23);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 21);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 19);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 17);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 15);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 13);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 11);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 9);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 7);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 5);
        q = Math.FusedMultiplyAdd(z, q, 1.0 / 3);
        double s2 = s + s;
        double ln = Math.FusedMultiplyAdd(s2 * z, q, s2);
        return Math.FusedMultiplyAdd(ln, InvLn2, e);
    }

    /// <summary>
    /// <c>min(a, b)</c> in one instruction (<c>vminpd</c>, <c>fmin</c>), equal to <see cref="Math.Min(double, double)"/>
    /// lane by lane for the arguments the kernels pass: never NaN, and never a <c>-0</c> against a <c>+0</c> (the
    /// instructions disagree with each other and with IEEE <c>minimum</c> only there). <see cref="Vector.Min{T}"/> keeps
    /// IEEE semantics for every input at several times the cost.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Min(Vector<double> a, Vector<double> b) => Vector.MinNative(a, b);

    /// <summary><c>max(a, b)</c> in one instruction; the same conditions as <see cref="Min(Vector{double}, Vector{double})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Max(Vector<double> a, Vector<double> b) => Vector.MaxNative(a, b);

    /// <summary><c>a * b + c</c>, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Fma(Vector<double> a, Vector<double> b, Vector<double> c) => Vector.FusedMultiplyAdd(a, b, c);
}
