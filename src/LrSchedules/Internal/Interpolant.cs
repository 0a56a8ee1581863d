using System.Numerics;
using System.Runtime.CompilerServices;

namespace LrSchedules.Internal;

/// <summary>
/// The one place where every curve between two finite, non-negative endpoints is evaluated, by the scalar closed forms
/// and, with the same operations lane by lane, by the span operators:
/// <c>At(w) = min(max(origin + (target - origin) * w, lo), hi)</c> with <c>lo = min(origin, target)</c> and
/// <c>hi = max(origin, target)</c>, for a weight <c>w</c> in <c>[0, 1]</c> (<c>At(0) = origin</c>).
/// </summary>
/// <remarks>
/// <para>
/// Why this form: the difference of two finite non-negative numbers is finite, so <c>origin + (target - origin) * w</c>
/// never overflows in its intermediate steps, and the clamp makes the rounded result provably stay inside
/// <c>[lo, hi]</c> (so it is finite, <c>&gt;= 0</c> and never <c>-0</c>: <c>max(-0, +0)</c> is <c>+0</c>). It is monotone
/// in <c>w</c> (each rounding step is monotone and the clamp is), so a curve whose weight is monotone in the step is
/// monotone in the step, exactly. The two-weight form <c>origin * (1 - w) + target * w</c> it replaces has neither
/// property: its two rounded weights can sum above 1, which overflowed to +inf next to <c>double.MaxValue</c> and let a
/// decay step up by an ULP.
/// </para>
/// <para>
/// Accuracy: when the origin is the smaller endpoint every term is non-negative, so there is no
/// cancellation and the value is within about 2 ULP of the exact one; callers that have the weight of the larger end at
/// hand (linear: <c>t / T</c> or <c>(T - t) / T</c>; half cosine: <c>cos^2</c> or <c>sin^2</c>; 1-sqrt) start from the
/// smaller end. Other curves (powers, exponentials) start from the end they decay to, as their formulas are written.
/// </para>
/// <para><see cref="Clamp(double)"/> bounds a value computed by another form (a cyclic ramp, an exponential curve).</para>
/// </remarks>
internal readonly struct Interpolant
{
    private readonly double _origin;
    private readonly double _difference;
    private readonly double _low;
    private readonly double _high;

    /// <summary>Creates the interpolant from <paramref name="origin"/> (weight 0) to <paramref name="target"/> (weight 1).</summary>
    /// <param name="origin">The value at weight 0; finite, <c>&gt;= 0</c>.</param>
    /// <param name="target">The value at weight 1; finite, <c>&gt;= 0</c>.</param>
    public Interpolant(double origin, double target)
    {
        _origin = origin;
        _difference = target - origin;
        // + 0.0 turns a -0 endpoint into +0, so that no clamp compares -0 against +0 (see VectorMath.Min) and no value
        // is -0.
        _low = Math.Min(origin, target) + 0.0;
        _high = Math.Max(origin, target) + 0.0;
    }

    /// <summary>The smaller endpoint.</summary>
    public double Low => _low;

    /// <summary>The larger endpoint.</summary>
    public double High => _high;

    /// <summary><c>target - origin</c>, the change from weight 0 to weight 1.</summary>
    public double Difference => _difference;

    /// <summary><c>min(max(origin + (target - origin) * w, lo), hi)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double At(double w) => Clamp(_origin + (_difference * w));

    /// <summary><c>min(max(value, lo), hi)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Clamp(double value) => Math.Min(Math.Max(value, _low), _high);

    /// <summary>The lane-by-lane twin of <see cref="At(double)"/>: the same operations, so the same bits in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> At(Vector<double> w) => Clamp(new Vector<double>(_origin) + (new Vector<double>(_difference) * w));

    /// <summary>The lane-by-lane twin of <see cref="Clamp(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Clamp(Vector<double> value) => VectorMath.Min(VectorMath.Max(value, new Vector<double>(_low)), new Vector<double>(_high));

    /// <summary>
    /// Whether the float forms (<see cref="At(Vector{float})"/>, <see cref="Clamp(Vector{float})"/>) apply: both endpoints
    /// at most <c>float.MaxValue / 2</c>, so that they and their difference are finite floats.
    /// </summary>
    public bool FitsSingle => _high <= float.MaxValue / 2;

    /// <summary>
    /// Whether the origin is the smaller endpoint (or both are equal), so that <see cref="At(Vector{float})"/> adds
    /// non-negative terms and cannot cancel (from the larger end, a weight near 1 that float rounds to 1 would lose a small
    /// endpoint entirely).
    /// </summary>
    public bool RisesFromOrigin => _difference >= 0;

    /// <summary>Whether <see cref="At(Vector{float})"/> applies: <see cref="FitsSingle"/> and <see cref="RisesFromOrigin"/>.</summary>
    public bool InterpolatesInSingle => FitsSingle && RisesFromOrigin;

    /// <summary>
    /// <see cref="At(double)"/> in float lanes, for float output (the endpoints and difference rounded to float once; valid
    /// where <see cref="FitsSingle"/>): <c>origin + difference * w</c> in one fused rounding, so within about 1 float ULP of
    /// the rounded double form for a weight exact in float, still inside the rounded endpoints and monotone in
    /// <paramref name="w"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> At(Vector<float> w) => Clamp(Vector.FusedMultiplyAdd(new Vector<float>((float)_difference), w, new Vector<float>((float)_origin)));

    /// <summary><see cref="Clamp(double)"/> in float lanes, between the endpoints rounded to float (rounding is monotone, so this is the rounding of the double clamp for a value rounded to float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> Clamp(Vector<float> value) => VectorMath.Min(VectorMath.Max(value, new Vector<float>((float)_low)), new Vector<float>((float)_high));
}
