using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LrSchedules.Schedules;

namespace LrSchedules.Internal;

/// <summary>
/// <c>ends.At(h)</c> with <c>h = max(cos^2(k c), 1/2)</c> or <c>min(sin^2(k c), 1/2)</c>: one half of a half-cosine
/// interpolation, the operations of <see cref="Numerics.HalfCosine(long, long)"/>; <c>ends</c> rises from its origin
/// (the callers interpolate from the smaller end).
/// </summary>
internal readonly struct HalfCosineOperator : IStepOperator
{
    private readonly Vector<double> _c;
    private readonly Interpolant _ends;
    private readonly bool _sine;

    // The float form: v = base + s z S(z) with z = (k c)^2, S(z) = sin^2(x) / x^2 = 1 - z / 3 + 2 z^2 / 45 - ... and
    // s = +-(hi - lo): base is the low end (sine) or the top, lo + (hi - lo) (cosine, s negative). Its leading part
    // base + s z in double, rounded to float once; the rest z (z Q(z)), Q(z) = s (S(z) - 1) / z to z^5 (what it leaves
    // out is below 6e-11 of the value on [0, (pi/4)^2]), in float lanes.
    private readonly bool _single;
    private readonly Vector<double> _slope, _base;
    private readonly Vector<float> _q0, _q1, _q2, _q3, _q4, _q5, _floor, _ceiling;

    /// <summary>The operator of one half.</summary>
    /// <param name="c">The scale of the position, <c>pi / (2 L)</c>.</param>
    /// <param name="ends">From the smaller end to the larger.</param>
    /// <param name="sine">Whether this half weights the larger end by <c>sin^2</c> (else <c>cos^2</c>).</param>
    public HalfCosineOperator(double c, Interpolant ends, bool sine)
    {
        _c = new Vector<double>(c);
        _ends = ends;
        _sine = sine;
        double difference = ends.Difference;
        _single = ends.FitsSingle && ends.RisesFromOrigin && (difference == 0 || difference >= 1e-30);
        double slope = sine ? difference : -difference;
        _slope = new(slope);
        _base = new(sine ? ends.Low : ends.Low + difference);
        _q0 = new((float)(slope * (-1.0 / 3)));
        _q1 = new((float)(slope * (2.0 / 45)));
        _q2 = new((float)(slope * (-1.0 / 315)));
        _q3 = new((float)(slope * (2.0 / 14175)));
        _q4 = new((float)(slope * (-2.0 / 467775)));
        _q5 = new((float)(slope * (4.0 / 42567525)));
        float middle = (float)ends.At(0.5);
        _floor = new(sine ? (float)ends.Low : middle);
        _ceiling = new(sine ? middle : (float)ends.High);
    }

    /// <summary>
    /// The half in float lanes, where the ends fit float and differ by 0 or at least 1e-30: <c>x = k c</c>,
    /// <c>z = x^2</c> and <c>base + s z</c> in double, the rest of the series in float (see the fields), the sum rounded
    /// once, clamped to the half's side of the midpoint value (as <c>h</c> is clamped to its side of 1/2): within about
    /// 1.5 float ULP; the narrowed double form elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high)
    {
        if (!_single)
        {
            return Kernels.Narrowed(this, low, high);
        }

        var xLow = low * _c;
        var xHigh = high * _c;
        var zLow = xLow * xLow;
        var zHigh = xHigh * xHigh;
        var lead = Vector.Narrow(Vector.FusedMultiplyAdd(_slope, zLow, _base), Vector.FusedMultiplyAdd(_slope, zHigh, _base));
        var z = Vector.Narrow(zLow, zHigh);
        var q = Vector.FusedMultiplyAdd(z, _q5, _q4);
        q = Vector.FusedMultiplyAdd(z, q, _q3);
        q = Vector.FusedMultiplyAdd(z, q, _q2);
        q = Vector.FusedMultiplyAdd(z, q, _q1);
        q = Vector.FusedMultiplyAdd(z, q, _q0);
        var value = Vector.FusedMultiplyAdd(z, z * q, lead);
        return VectorMath.Min(VectorMath.Max(value, _floor), _ceiling);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var x = k * _c;
        var w = _sine ? TPrecision.Sin(x) : TPrecision.Cos(x);
        var half = new Vector<double>(0.5);
        return _ends.At(_sine ? VectorMath.Min(w * w, half) : VectorMath.Max(w * w, half));
    }
}

/// <summary>
/// <c>ends.At(h^power)</c> with <c>h</c> the clamped <c>cos^2</c> or <c>sin^2</c> of <see cref="HalfCosineOperator"/>, the
/// power through <see cref="Kernels.SmallPower"/>: the cosine decay with an exponent.
/// </summary>
internal readonly struct PoweredHalfCosineOperator(double c, int code, double power, Interpolant ends, bool sine) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _c = new(c);
    private readonly Vector<double> _power = new(power);

    // Full precision in float spans too: the power amplifies the relative error of the cosine.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var x = k * _c;
        var w = sine ? VectorMath.Sin(x) : VectorMath.Cos(x);
        var half = new Vector<double>(0.5);
        return ends.At(Kernels.SmallPower<FullPrecision>(sine ? VectorMath.Min(w * w, half) : VectorMath.Max(w * w, half), code, _power));
    }
}

/// <summary><c>ends.At(k / L)</c>, the operations of <see cref="Numerics.Lerp"/> (whose caller passes <c>k = t</c> or <c>L - t</c>).</summary>
internal readonly struct LerpOperator(Interpolant ends, double length) : IStepOperator
{
    private readonly Vector<double> _length = new(length);
    private readonly Vector<double> _inverseLength = new(1 / length);
    private readonly Vector<float> _targetSingle = new((float)ends.At(1.0));
    private readonly bool _single = ends.InterpolatesInSingle;

    /// <summary>
    /// The interpolation in float lanes: <c>w = k / L</c> (a product with <c>1 / L</c>, within 1 double ULP) rounded to
    /// float, then <see cref="Interpolant.At(Vector{float})"/> from the smaller end (no cancellation; within about 2 float
    /// ULP), and where <c>w</c> rounds to 1 the rounded double value at weight 1, so both ends of the phase are exact; ends
    /// outside float's range narrow the double form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high)
    {
        if (!_single)
        {
            return Kernels.Narrowed(this, low, high);
        }

        var w = Vector.Narrow(low * _inverseLength, high * _inverseLength);
        return Vector.ConditionalSelect(Vector.Equals(w, Vector<float>.One), _targetSingle, ends.At(w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
        => ends.At(k / _length);
}

/// <summary>
/// <c>ends.At(1 - sqrt(k / L))</c>, or <c>ends.At(sqrt(k / L))</c> for the complement: the 1-sqrt curve, the scalar form's
/// operations (the square root is correctly rounded).
/// </summary>
internal readonly struct OneMinusSqrtOperator(double length, Interpolant ends, bool complement) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _length = new(length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var root = Vector.SquareRoot(k / _length);
        return ends.At(complement ? root : Vector<double>.One - root);
    }
}

/// <summary>
/// <c>ends.At(q (B + 1) / (A (A + B)))</c> with <c>q = (L - k) / L</c>, <c>A = sqrt(1 + s k / L)</c>,
/// <c>B = sqrt(1 + s)</c>: the inverse-square-root anneal, the scalar form's operations.
/// </summary>
internal readonly struct InverseSqrtAnnealOperator(double length, double timescale, Interpolant ends) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _length = new(length);
    private readonly Vector<double> _timescale = new(timescale);
    private readonly Vector<double> _b = new(Math.Sqrt(1 + timescale));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var q = (_length - k) / _length;
        var a = Vector.SquareRoot(Vector<double>.One + (_timescale * (k / _length)));
        return ends.At(q * (_b + Vector<double>.One) / (a * (a + _b)));
    }
}

/// <summary>
/// <c>min(high, max(low, scale * 2^(k c)))</c> through <see cref="VectorMath.Exp2(Vector{double})"/>: an exponential curve
/// with an optional floor or cap (pass -inf / +inf for none), the scalar form's operations.
/// </summary>
internal readonly struct ClampedExponentialOperator(double c, double scale, double low, double high) : IStepOperator
{
    private readonly Vector<double> _c = new(c);
    private readonly Vector<double> _scale = new(scale);
    private readonly Vector<double> _low = new(low);
    private readonly Vector<double> _high = new(high);

    // The float form: scale = m 2^e with m in [1, 2) (0 for a zero scale), so scale 2^y = m 2^(y + e).
    private readonly Vector<double> _scaleExponent = new(scale == 0 ? 0 : Math.ILogB(scale));
    private readonly Vector<float> _scaleMantissa = new(scale == 0 ? 0f : (float)Math.ScaleB(scale, -Math.ILogB(scale)));
    private readonly Vector<float> _lowSingle = new((float)low);
    private readonly Vector<float> _highSingle = new((float)high);

    /// <summary>
    /// <c>min(high, max(low, m 2^(k c + e)))</c> in float lanes: <c>k c + e</c> in double, <see cref="VectorMath.Exp2Float"/>,
    /// the clamps between the bounds rounded to float, saturated at <see cref="float.MaxValue"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high)
    {
        var value = VectorMath.Exp2Float((low * _c) + _scaleExponent, (high * _c) + _scaleExponent, _scaleMantissa);
        return VectorMath.Min(VectorMath.Min(_highSingle, VectorMath.Max(_lowSingle, value)), new Vector<float>(float.MaxValue));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
        => VectorMath.Min(_high, VectorMath.Max(_low, _scale * TPrecision.Exp2(k * _c)));
}

/// <summary>
/// <c>w == 1 ? initial : ends.At(w)</c> with <c>w = (k / den)^power</c> and <c>ends</c> from the final to the initial value:
/// the polynomial decay's operations (the power through the same multiplications or square root as the scalar form,
/// <see cref="Numerics.SmallPower"/>; for the other powers the anchored form of <see cref="AnchoredPower"/> where it
/// applies, else <c>2^(p log2(k / den))</c>).
/// </summary>
internal readonly struct PolynomialOperator(double den, int n, double power, Interpolant ends, double initial) : IStepOperator
{
    private readonly Vector<double> _den = new(den);
    private readonly Vector<double> _power = new(power);
    private readonly Vector<double> _initial = new(initial);
    private readonly Vector<double> _inverseDen = new(1 / den);
    private readonly Vector<float> _initialSingle = new((float)initial);
    private readonly bool _single = n == -1 && ends.InterpolatesInSingle;
    private readonly AnchoredPower _anchored = new(power, ends, initial);

    /// <summary>
    /// For a power without a multiplication form (<see cref="Numerics.SmallPowerCode"/> -1) in float lanes: <c>x = k / den</c>
    /// and <c>y = power log2(x)</c> in double (<see cref="VectorMath.Log2Single"/>: the power amplifies the logarithm's
    /// error), <c>w = 2^y</c> by <see cref="VectorMath.Exp2Float"/> (0 where <c>x = 0</c>), then <c>initial</c> where
    /// <c>w</c> is 1 and the interpolant in float lanes elsewhere (within about 3 float ULP); the other powers, a final
    /// value above the initial one (whose interpolation from the larger end cancels) and ends outside float's range narrow
    /// the double form. Whole anchor blocks take <see cref="Blocks{T}"/> instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high)
    {
        if (!_single)
        {
            return Kernels.Narrowed(this, low, high);
        }

        var xLow = low * _inverseDen;
        var xHigh = high * _inverseDen;
        var w = VectorMath.Exp2Float(_power * VectorMath.Log2Single(xLow), _power * VectorMath.Log2Single(xHigh), Vector<float>.One);
        w = Vector.ConditionalSelect(Vector.Equals(Vector.Narrow(xLow, xHigh), Vector<float>.Zero), Vector<float>.Zero, w);
        return Vector.ConditionalSelect(Vector.Equals(w, Vector<float>.One), _initialSingle, ends.At(w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        if (n != -1 || typeof(TPrecision) != typeof(FullPrecision))
        {
            return Direct<TPrecision>(k);
        }

        var value = _anchored.Value(k, _den, out var anchored);
        return anchored == Vector<long>.AllBitsSet ? value : Vector.ConditionalSelect(anchored, value, Direct<TPrecision>(k));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<double> Direct<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var w = Kernels.SmallPower<TPrecision>(k / _den, n, _power);
        return Vector.ConditionalSelect(Vector.Equals(w, Vector<double>.One), _initial, ends.At(w));
    }

    /// <summary>
    /// Whole anchor blocks of a power without a multiplication form, from the start of <paramref name="destination"/>:
    /// positions <c>k = a - j</c> descending from the anchor <paramref name="a0"/> (a multiple of 64 at most <c>den</c>),
    /// 64 per block, <see cref="Vector{T}.Count"/> blocks at a time, while every anchor is at least
    /// <see cref="AnchoredPower.Floor"/> and every <c>W_a</c> at least <see cref="AnchoredPower.SmallestAnchored"/> (further
    /// on the anchors and the weights only fall; the caller maps the rest). <c>W_a</c> and <c>1 / a</c> are computed once
    /// per block, with <c>V_a</c> and <c>D_a</c>. Double: <see cref="AnchoredPower.FromAnchor(Vector{double}, Vector{double}, Vector{double})"/>,
    /// bit-identical to the scalar form. Float (where <see cref="InvokeSingle"/> has float lanes): <c>V_a + D_a g(u)</c>
    /// with <c>V_a</c> split into a float and the float of its remainder and the binomial series to <c>u^5</c> in float
    /// lanes (its terms are below 1/65), so the sum is rounded once: within about 1 float ULP of the double value, clamped
    /// between the ends rounded to float. Returns the number of elements written.
    /// </summary>
    public int Blocks<T>(double a0, Span<T> destination)
        where T : unmanaged
    {
        bool single = typeof(T) == typeof(float);
        if (n != -1 || (single && !_single))
        {
            return 0;
        }

        const int block = AnchoredPower.Block;
        int blocks = Vector<double>.Count;
        var offsets = Vector<double>.Indices * block;
        int written = 0;
        while (destination.Length - written >= blocks * block)
        {
            double first = a0 - written;
            if (first - ((blocks - 1) * block) < _anchored.Floor)
            {
                break;
            }

            var anchors = new Vector<double>(first) - offsets;
            var weights = _anchored.AnchorWeight(anchors, _den);
            if (Vector.LessThanAny(weights, new Vector<double>(AnchoredPower.SmallestAnchored)))
            {
                break;
            }

            var values = _anchored.AnchorValue(weights);
            var slopes = _anchored.Slope(weights);
            var inverses = Vector<double>.One / anchors;
            if (single)
            {
                SingleBlocks(values, slopes, inverses, MemoryMarshal.Cast<T, float>(destination).Slice(written, blocks * block));
            }
            else
            {
                DoubleBlocks(values, slopes, inverses, MemoryMarshal.Cast<T, double>(destination).Slice(written, blocks * block));
            }

            written += blocks * block;
        }

        return written;
    }

    private void DoubleBlocks(Vector<double> values, Vector<double> slopes, Vector<double> inverses, Span<double> destination)
    {
        ref double d = ref MemoryMarshal.GetReference(destination);
        var stride = new Vector<double>(Vector<double>.Count);
        for (int q = 0; q < Vector<double>.Count; q++)
        {
            var value = new Vector<double>(values[q]);
            var slope = new Vector<double>(slopes[q]);
            var inverse = new Vector<double>(inverses[q]);
            var j = Vector<double>.Indices;
            for (int v = 0; v < AnchoredPower.Block; v += Vector<double>.Count)
            {
                _anchored.FromAnchor(value, slope, j * inverse).StoreUnsafe(ref d, (nuint)((q * AnchoredPower.Block) + v));
                j += stride;
            }
        }
    }

    private void SingleBlocks(Vector<double> values, Vector<double> slopes, Vector<double> inverses, Span<float> destination)
    {
        ref float f = ref MemoryMarshal.GetReference(destination);
        var stride = new Vector<float>(Vector<float>.Count);
        var low = new Vector<float>((float)ends.Low);
        var high = new Vector<float>((float)ends.High);
        var (a1, a2, a3, a4, a5) = _anchored.FloatCoefficients;
        var c1 = new Vector<float>((float)a1);
        var c2 = new Vector<float>((float)a2);
        var c3 = new Vector<float>((float)a3);
        var c4 = new Vector<float>((float)a4);
        var c5 = new Vector<float>((float)a5);
        for (int q = 0; q < Vector<double>.Count; q++)
        {
            float head = (float)values[q];
            var valueHigh = new Vector<float>(head);
            var valueLow = new Vector<float>((float)(values[q] - head));
            var slope = new Vector<float>((float)slopes[q]);
            var inverse = new Vector<float>((float)inverses[q]);
            var j = Vector<float>.Indices;
            for (int v = 0; v < AnchoredPower.Block; v += Vector<float>.Count)
            {
                var u = j * inverse;
                var h = Vector.FusedMultiplyAdd(u, c5, c4);
                h = Vector.FusedMultiplyAdd(u, h, c3);
                h = Vector.FusedMultiplyAdd(u, h, c2);
                h = Vector.FusedMultiplyAdd(u, h, c1);
                var value = valueHigh + Vector.FusedMultiplyAdd(slope, u * h, valueLow);
                VectorMath.Min(VectorMath.Max(value, low), high).StoreUnsafe(ref f, (nuint)((q * AnchoredPower.Block) + v));
                j += stride;
            }
        }
    }
}

/// <summary><c>initial * sqrt(timescale / (k + shift))</c>, the inverse-square-root schedule's operations (all correctly rounded).</summary>
internal readonly struct InverseSqrtOperator(double initial, double shift, double timescale) : IStepOperator
{
    private readonly Vector<double> _initial = new(initial);
    private readonly Vector<double> _shift = new(shift);
    private readonly Vector<double> _timescale = new(timescale);
    private readonly Vector<double> _inverseTimescale = new(1 / timescale);
    private readonly Vector<float> _initialSingle = new((float)initial);

    // The float form needs (k + shift) / timescale, for every k in [0, 2^53], inside [1e-30, 1e30] (normal floats whose
    // square root and quotient are rounded once each) and an initial value that is a normal float (a subnormal one has
    // lost relative precision, which the quotient by a small square root would bring up to a normal result).
    private readonly bool _single = initial >= 1.17549435e-38 && initial <= float.MaxValue && shift / timescale >= 1e-30 && (9007199254740992.0 + shift) / timescale <= 1e30;

    /// <summary>
    /// <c>initial / sqrt(v)</c> in float lanes with <c>v = (k + shift) / timescale</c> computed in double and rounded to
    /// float once (within about 2 float ULP), saturated at <see cref="float.MaxValue"/>; the narrowed double form where
    /// the arguments leave float's range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high)
    {
        if (!_single)
        {
            return Kernels.Narrowed(this, low, high);
        }

        var v = Vector.Narrow((low + _shift) * _inverseTimescale, (high + _shift) * _inverseTimescale);
        return VectorMath.Min(_initialSingle / Vector.SquareRoot(v), new Vector<float>(float.MaxValue));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
        => _initial * Vector.SquareRoot(_timescale / (k + _shift));
}

/// <summary><c>initial / (1 + rate * (k / den))</c>, the inverse-time schedule's operations (all correctly rounded).</summary>
internal readonly struct InverseTimeOperator(double initial, double rate, double den) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _initial = new(initial);
    private readonly Vector<double> _rate = new(rate);
    private readonly Vector<double> _den = new(den);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
        => _initial / (Vector<double>.One + (_rate * (k / _den)));
}

/// <summary><c>ends.At((k - start) / length)</c>, a linear phase between fractional ends (one-cycle), the scalar form's operations.</summary>
internal readonly struct PhaseLinearOperator(double start, double length, Interpolant ends) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _start = new(start);
    private readonly Vector<double> _length = new(length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
        => ends.At((k - _start) / _length);
}

/// <summary>
/// <c>ends.Clamp(offset + ((range * (k / den)) * scale))</c> with <c>ends</c> the base and top of the triangle, a triangular
/// ramp (cyclic), the scalar form's operations.
/// </summary>
internal readonly struct RampOperator(double den, double range, double scale, double offset, Interpolant ends) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _den = new(den);
    private readonly Vector<double> _range = new(range);
    private readonly Vector<double> _scale = new(scale);
    private readonly Vector<double> _offset = new(offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
        => ends.Clamp(_offset + ((_range * (k / _den)) * _scale));
}

/// <summary>
/// The cosine with any number of cycles: <c>w = (cos^2(pi Cycles k / T))^power</c>, then <c>initial</c> where <c>w == 1</c>, else
/// <c>ends.At(w)</c> (from the final to the initial value); the scalar form's operations (<see cref="VectorMath.CosPiSquared(Vector{double})"/>).
/// </summary>
internal readonly struct CyclesCosineOperator(double cycles, double length, int code, double power, Interpolant ends, double initial) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _power = new(power);
    private readonly Vector<double> _cycles = new(cycles);
    private readonly Vector<double> _length = new(length);
    private readonly Vector<double> _initial = new(initial);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var w = Kernels.SmallPower<TPrecision>(VectorMath.CosPiSquared(_cycles * (k / _length)), code, _power);
        return Vector.ConditionalSelect(Vector.Equals(w, Vector<double>.One), _initial, ends.At(w));
    }
}

/// <summary>
/// <c>ends.At(cos^2(pi (k - start) (0.5 / length)))</c> with <c>ends</c> from <c>to</c> to <c>from</c>: a cosine phase
/// between fractional ends (one-cycle), the scalar form's operations.
/// </summary>
internal readonly struct PhaseCosineOperator(double start, double length, Interpolant ends) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _start = new(start);
    private readonly Vector<double> _halfInverse = new(0.5 / length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
        => ends.At(VectorMath.CosPiSquared<TPrecision>((k - _start) * _halfInverse));
}

/// <summary>
/// <c>ends.Clamp(offset + ((range * (k / den)) * 2^(step log2 gamma)))</c> with <c>step = stepBase + stepSign * k</c>: the
/// cyclic exp-range ramp, the scalar form's operations.
/// </summary>
internal readonly struct ExpRangeRampOperator(double den, double range, double offset, double stepBase, double stepSign, double log2Gamma, Interpolant ends) : IStepOperator
{
    private readonly Vector<double> _den = new(den);
    private readonly Vector<double> _range = new(range);
    private readonly Vector<double> _offset = new(offset);
    private readonly Vector<double> _stepBase = new(stepBase);
    private readonly Vector<double> _stepSign = new(stepSign);
    private readonly Vector<double> _log2Gamma = new(log2Gamma);
    private readonly Vector<double> _inverseDen = new(1 / den);
    private readonly Vector<float> _offsetSingle = new((float)offset);

    // Float lanes need the ends inside float's range and a non-negative range (a base above the top would cancel).
    private readonly bool _single = ends.FitsSingle && range >= 0;

    /// <summary>
    /// The ramp in float lanes: <c>a = range (k / den)</c> and <c>y = step log2(gamma)</c> in double, then
    /// <c>offset + a 2^y</c> (one fused rounding) through <see cref="VectorMath.Exp2Float"/> and the clamp between the ends
    /// rounded to float (within about 2.5 float ULP); the narrowed double form where the ends leave float's range or the
    /// base is above the top. The
    /// top of the ramp (<c>k = den</c>, a phase boundary) is patched with the scalar value by the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high)
    {
        if (!_single)
        {
            return Kernels.Narrowed(this, low, high);
        }

        var a = Vector.Narrow(_range * (low * _inverseDen), _range * (high * _inverseDen));
        var g = VectorMath.Exp2Float((_stepBase + (_stepSign * low)) * _log2Gamma, (_stepBase + (_stepSign * high)) * _log2Gamma, Vector<float>.One);
        return ends.Clamp(Vector.FusedMultiplyAdd(a, g, _offsetSingle));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var step = _stepBase + (_stepSign * k);
        return ends.Clamp(_offset + ((_range * (k / _den)) * TPrecision.Exp2(step * _log2Gamma)));
    }
}

/// <summary>
/// The decaying part of one warm-restart cycle at step <c>k</c>:
/// <c>u = clamp((((k - start) - warm) / (length - warm))^kdecay, 0, 1)</c>, the shape's fraction (cosine <c>cos^2(pi u / 2)</c>, power
/// <c>(1 - u)^p</c>, tanh <c>1 / (1 + 2^(x 2 log2 e))</c>) and <c>ends.At(f)</c> (from the floor to the cycle's peak): the scalar form's operations.
/// </summary>
internal readonly struct RestartsCycleOperator(double start, double warm, double length, double kDecay, CycleShape shape, double power, double tanhLower, double tanhUpper, Interpolant ends) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    /// <summary><c>2 log2(e)</c>: <c>e^(2x) = 2^(x TwoLog2E)</c>.</summary>
    public const double TwoLog2E = 2.8853900817779268;

    private readonly Vector<double> _start = new(start);
    private readonly Vector<double> _warm = new(warm);
    private readonly Vector<double> _decayLength = new(length - warm);
    private readonly int _kCode = Numerics.SmallPowerCode(kDecay);
    private readonly Vector<double> _kDecay = new(kDecay);
    private readonly int _powerCode = Numerics.SmallPowerCode(power);
    private readonly Vector<double> _power = new(power);
    private readonly Vector<double> _lower = new(tanhLower);
    private readonly Vector<double> _upper = new(tanhUpper);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var u = ((k - _start) - _warm) / _decayLength;
        u = VectorMath.Min(VectorMath.Max(Kernels.SmallPower<TPrecision>(u, _kCode, _kDecay), Vector<double>.Zero), Vector<double>.One);
        var one = Vector<double>.One;
        var f = shape switch
        {
            CycleShape.Cosine => VectorMath.CosPiSquared<TPrecision>(u * new Vector<double>(0.5)),
            CycleShape.Power => Kernels.SmallPower<TPrecision>(one - u, _powerCode, _power),
            _ => one / (one + TPrecision.Exp2(((_lower * (one - u)) + (_upper * u)) * new Vector<double>(TwoLog2E))),
        };
        return ends.At(f);
    }
}

/// <summary>
/// The logarithmic warmup at <c>s = k</c>: <c>ends.At(log2(k + 1) / length)</c> for a rise, or
/// <c>ends.At(log2(end / (k + 1)) / length)</c> (the complement, from the peak) for a fall, with <c>length = log2(W + 1)</c>
/// and <c>end = W + 1</c>: the scalar form's operations.
/// </summary>
internal readonly struct LogarithmicWarmupOperator(double length, double end, Interpolant ends, bool falling) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _length = new(length);
    private readonly Vector<double> _end = new(end);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var x = k + Vector<double>.One;
        return ends.At(TPrecision.Log2(falling ? _end / x : x) / _length);
    }
}

/// <summary>
/// <c>ends.At(2 * 2^(-(k / L)) - 1)</c> with <c>ends</c> from the final to the initial value: the shifted-exponential anneal
/// (Megatron's WSD "exponential"), the scalar form's operations.
/// </summary>
internal readonly struct ShiftedExponentialOperator(double length, Interpolant ends) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _length = new(length);

    // Full precision in float spans too: 2 * 2^(-k / L) - 1 cancels as k nears L.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
    {
        var two = new Vector<double>(2);
        return ends.At((two * VectorMath.Exp2(-(k / _length))) - Vector<double>.One);
    }
}

/// <summary>
/// <c>min(double.MaxValue, initial * (1 + rate * (k / size)))</c>: the continuous unbounded ramp, the scalar form's
/// operations (all correctly rounded), saturating instead of overflowing.
/// </summary>
internal readonly struct UnboundedRampOperator(double initial, double rate, double size) : IStepOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> InvokeSingle(Vector<double> low, Vector<double> high) => Kernels.Narrowed(this, low, high);

    private readonly Vector<double> _initial = new(initial);
    private readonly Vector<double> _rate = new(rate);
    private readonly Vector<double> _size = new(size);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision
        => VectorMath.Min(new Vector<double>(double.MaxValue), _initial * (Vector<double>.One + (_rate * (k / _size))));
}
