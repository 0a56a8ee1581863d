using System.Numerics;
using System.Runtime.CompilerServices;

namespace LrSchedules.Internal;

/// <summary>
/// The value <c>ends.At((k / den)^power)</c> (<c>initial</c> where the weight is 1) of a polynomial decay at an integer
/// position <c>k</c> in <c>[0, den]</c>, for a power without a multiplication form (<see cref="Numerics.SmallPowerCode"/>
/// -1), computed so that a span shares one <c>2^(p log2 x)</c> among 64 positions and the scalar form stays its exact twin.
/// </summary>
/// <remarks>
/// <para>
/// Positions are grouped by their anchor <c>a = min(64 ceil(k / 64), den)</c>, so <c>k = a - j</c> with <c>j</c> in
/// <c>[0, 63]</c>, and <c>(k / den)^p = W_a (1 - u)^p</c> with <c>W_a = (a / den)^p</c> and <c>u = j (1 / a)</c>. Where
/// <c>a &gt;= 4096 max(1, p)</c> (so <c>u &lt; 1 / (65 max(1, p))</c>) and <c>W_a &gt;= 2^-960</c> (far from the
/// subnormal range), the value is <c>ends.Clamp(fma(D_a, g(u), V_a))</c>: <c>V_a</c> the value at the anchor
/// (<c>initial</c> where <c>W_a = 1</c>, else <c>ends.At(W_a)</c>), <c>D_a = (target - origin) W_a</c>, and
/// <c>g(u) = (1 - u)^p - 1</c> by its binomial series to <c>u^8</c> (what it leaves out is below 7e-19 relative for
/// every power). <c>W_a</c> is <c>2^(p log2(a / den))</c> through <see cref="VectorMath.Exp2(double)"/> and
/// <see cref="VectorMath.Log2(double)"/>, within about 1e-13 relative of <see cref="Math.Pow"/>. Elsewhere
/// <see cref="TryValue(double, double, out double)"/> returns false and the caller uses <c>2^(p log2(k / den))</c>
/// directly (0 at <c>k = 0</c>), the form every position used before.
/// </para>
/// <para>
/// The scalar <see cref="TryValue(double, double, out double)"/> and the lane form
/// <see cref="Value(Vector{double}, Vector{double}, out Vector{long})"/> perform the same IEEE operations, so a double
/// span is bit-identical to the scalar values; a span kernel computes <c>W_a</c>, <c>V_a</c>, <c>D_a</c> and <c>1 / a</c>
/// once per block of 64 positions (<see cref="Kernels.MapPower"/>).
/// </para>
/// </remarks>
internal readonly struct AnchoredPower
{
    /// <summary>Positions per anchor.</summary>
    public const int Block = 64;

    /// <summary>The smallest anchored weight, 2^-960.</summary>
    public const double SmallestAnchored = 1.1018656740997839e-289;

    private readonly double _power;
    private readonly Interpolant _ends;
    private readonly double _initial;
    private readonly double _c1, _c2, _c3, _c4, _c5, _c6, _c7, _c8;

    /// <summary>The anchored form of <c>ends.At((k / den)^power)</c>.</summary>
    /// <param name="power">A positive finite power.</param>
    /// <param name="ends">From the final value (weight 0) to the initial one.</param>
    /// <param name="initial">The value where the weight is 1.</param>
    public AnchoredPower(double power, Interpolant ends, double initial)
    {
        _power = power;
        _ends = ends;
        _initial = initial;
        Floor = 4096 * Math.Max(1, power);
        // c_i = C(power, i) (-1)^i, term by term: c_i = c_(i-1) (i - 1 - power) / i.
        _c1 = -power;
        _c2 = _c1 * (1 - power) / 2;
        _c3 = _c2 * (2 - power) / 3;
        _c4 = _c3 * (3 - power) / 4;
        _c5 = _c4 * (4 - power) / 5;
        _c6 = _c5 * (5 - power) / 6;
        _c7 = _c6 * (6 - power) / 7;
        _c8 = _c7 * (7 - power) / 8;
    }

    /// <summary>The smallest anchor the series is used at, <c>4096 max(1, power)</c>.</summary>
    public double Floor { get; }

    /// <summary>The coefficients of <c>u</c> to <c>u^5</c> in <c>g(u)</c>, for a float series (its terms are below 1/65).</summary>
    public (double C1, double C2, double C3, double C4, double C5) FloatCoefficients => (_c1, _c2, _c3, _c4, _c5);

    /// <summary>The value at an integer position <paramref name="k"/> in <c>[0, den]</c>, if its anchor applies.</summary>
    /// <param name="k">An integer position in <c>[0, den]</c>, at most 2^53.</param>
    /// <param name="den">The horizon, at least 1.</param>
    /// <param name="value">The value; 0 where the method returns false.</param>
    /// <returns>Whether the anchored form applies (see the remarks).</returns>
    public bool TryValue(double k, double den, out double value)
    {
        double a = Math.Min(Math.Ceiling(k * (1.0 / Block)) * Block, den);
        if (a >= Floor)
        {
            double wa = AnchorWeight(a, den);
            if (wa >= SmallestAnchored)
            {
                value = FromAnchor(AnchorValue(wa), Slope(wa), (a - k) * (1 / a));
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <summary><c>W_a = 2^(power log2(a / den))</c>.</summary>
    public double AnchorWeight(double a, double den) => VectorMath.Exp2(_power * VectorMath.Log2(a / den));

    /// <summary><c>V_a</c>: <c>initial</c> where <c>W_a</c> is 1, else <c>ends.At(W_a)</c>.</summary>
    public double AnchorValue(double wa) => wa == 1 ? _initial : _ends.At(wa);

    /// <summary><c>D_a = (target - origin) W_a</c>.</summary>
    public double Slope(double wa) => _ends.Difference * wa;

    /// <summary><c>ends.Clamp(fma(D_a, g(u), V_a))</c>.</summary>
    public double FromAnchor(double va, double slope, double u) => _ends.Clamp(Math.FusedMultiplyAdd(slope, Series(u), va));

    /// <summary>
    /// The lane-by-lane twin of <see cref="TryValue(double, double, out double)"/>: the values, and in
    /// <paramref name="anchored"/> the lanes where the anchored form applies (other lanes are unspecified).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Value(Vector<double> k, Vector<double> den, out Vector<long> anchored)
    {
        var a = VectorMath.Min(Vector.Ceiling(k * new Vector<double>(1.0 / Block)) * new Vector<double>(Block), den);
        anchored = Vector.GreaterThanOrEqual(a, new Vector<double>(Floor));
        if (anchored == Vector<long>.Zero)
        {
            return Vector<double>.Zero;
        }

        var wa = AnchorWeight(a, den);
        anchored &= Vector.GreaterThanOrEqual(wa, new Vector<double>(SmallestAnchored));
        return FromAnchor(AnchorValue(wa), Slope(wa), (a - k) * (Vector<double>.One / a));
    }

    /// <summary>The lane form of <see cref="AnchorWeight(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> AnchorWeight(Vector<double> a, Vector<double> den) => VectorMath.Exp2(new Vector<double>(_power) * VectorMath.Log2(a / den));

    /// <summary>The lane form of <see cref="AnchorValue(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> AnchorValue(Vector<double> wa) => Vector.ConditionalSelect(Vector.Equals(wa, Vector<double>.One), new Vector<double>(_initial), _ends.At(wa));

    /// <summary>The lane form of <see cref="Slope(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Slope(Vector<double> wa) => new Vector<double>(_ends.Difference) * wa;

    /// <summary>The lane form of <see cref="FromAnchor(double, double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> FromAnchor(Vector<double> va, Vector<double> slope, Vector<double> u) => _ends.Clamp(Vector.FusedMultiplyAdd(slope, Series(u), va));

    /// <summary><c>g(u) = (1 - u)^power - 1</c> to <c>u^8</c>, in Horner form.</summary>
    private double Series(double u)
    {
        double h = Math.FusedMultiplyAdd(u, _c8, _c7);
        h = Math.FusedMultiplyAdd(u, h, _c6);
        h = Math.FusedMultiplyAdd(u, h, _c5);
        h = Math.FusedMultiplyAdd(u, h, _c4);
        h = Math.FusedMultiplyAdd(u, h, _c3);
        h = Math.FusedMultiplyAdd(u, h, _c2);
        h = Math.FusedMultiplyAdd(u, h, _c1);
        return u * h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<double> Series(Vector<double> u)
    {
        var h = Vector.FusedMultiplyAdd(u, new Vector<double>(_c8), new Vector<double>(_c7));
        h = Vector.FusedMultiplyAdd(u, h, new Vector<double>(_c6));
        h = Vector.FusedMultiplyAdd(u, h, new Vector<double>(_c5));
        h = Vector.FusedMultiplyAdd(u, h, new Vector<double>(_c4));
        h = Vector.FusedMultiplyAdd(u, h, new Vector<double>(_c3));
        h = Vector.FusedMultiplyAdd(u, h, new Vector<double>(_c2));
        h = Vector.FusedMultiplyAdd(u, h, new Vector<double>(_c1));
        return u * h;
    }
}
