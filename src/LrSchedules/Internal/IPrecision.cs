using System.Numerics;

namespace LrSchedules.Internal;

/// <summary>
/// Which polynomials an operator uses: full double precision (the scalar closed forms' twins, for double spans), or
/// enough for a float result (float spans; see <see cref="Kernels.Map"/>).
/// </summary>
internal interface IPrecision
{
    /// <summary><c>sin(x)</c> for <c>x</c> in <c>[0, pi/4]</c>.</summary>
    static abstract Vector<double> Sin(Vector<double> x);

    /// <summary><c>cos(x)</c> for <c>x</c> in <c>[0, pi/4]</c>.</summary>
    static abstract Vector<double> Cos(Vector<double> x);

    /// <summary><c>2^y</c>, exact at integers.</summary>
    static abstract Vector<double> Exp2(Vector<double> y);

    /// <summary><c>log2(x)</c> for a positive normal <c>x</c>, exact at powers of 2.</summary>
    static abstract Vector<double> Log2(Vector<double> x);
}

/// <summary>Within about 1 double ULP (<see cref="VectorMath.Sin(Vector{double})"/>, <see cref="VectorMath.Cos(Vector{double})"/>, <see cref="VectorMath.Exp2(Vector{double})"/>, <see cref="VectorMath.Log2(Vector{double})"/>).</summary>
internal readonly struct FullPrecision : IPrecision
{
    public static Vector<double> Sin(Vector<double> x) => VectorMath.Sin(x);

    public static Vector<double> Cos(Vector<double> x) => VectorMath.Cos(x);

    public static Vector<double> Exp2(Vector<double> y) => VectorMath.Exp2(y);

    public static Vector<double> Log2(Vector<double> x) => VectorMath.Log2(x);
}

/// <summary>Within 1e-9 relative, for float output (<see cref="VectorMath.SinSingle"/>, <see cref="VectorMath.CosSingle"/>, <see cref="VectorMath.Exp2Single"/>, <see cref="VectorMath.Log2Single"/>).</summary>
internal readonly struct SinglePrecision : IPrecision
{
    public static Vector<double> Sin(Vector<double> x) => VectorMath.SinSingle(x);

    public static Vector<double> Cos(Vector<double> x) => VectorMath.CosSingle(x);

    public static Vector<double> Exp2(Vector<double> y) => VectorMath.Exp2Single(y);

    public static Vector<double> Log2(Vector<double> x) => VectorMath.Log2Single(x);
}
