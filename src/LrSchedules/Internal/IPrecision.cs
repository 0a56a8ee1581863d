using System.Numerics;

namespace LrSchedules.Internal;

/// <summary>Which sine/cosine polynomials an operator uses: full double precision, or enough for a float result.</summary>
internal interface IPrecision
{
    /// <summary><c>sin(x)</c> for <c>x</c> in <c>[0, pi/4]</c>.</summary>
    static abstract Vector<double> Sin(Vector<double> x);

    /// <summary><c>cos(x)</c> for <c>x</c> in <c>[0, pi/4]</c>.</summary>
    static abstract Vector<double> Cos(Vector<double> x);
}

/// <summary>Within about 1 double ULP (<see cref="VectorMath.Sin(Vector{double})"/>, <see cref="VectorMath.Cos(Vector{double})"/>).</summary>
internal readonly struct FullPrecision : IPrecision
{
    public static Vector<double> Sin(Vector<double> x) => VectorMath.Sin(x);

    public static Vector<double> Cos(Vector<double> x) => VectorMath.Cos(x);
}

/// <summary>Within 1e-9 relative, for float output (<see cref="VectorMath.SinSingle"/>, <see cref="VectorMath.CosSingle"/>).</summary>
internal readonly struct SinglePrecision : IPrecision
{
    public static Vector<double> Sin(Vector<double> x) => VectorMath.SinSingle(x);

    public static Vector<double> Cos(Vector<double> x) => VectorMath.CosSingle(x);
}
