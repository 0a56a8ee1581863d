using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LrSchedules.Internal;

/// <summary>
/// The span evaluator's driver: fills a <see cref="double"/> or <see cref="float"/> span with <c>op(k0 + d * i)</c> for an
/// exact integer position <c>k0 + d * i</c> (<c>d</c> = +1 or -1), one <see cref="Vector{T}"/> of doubles at a time, in a
/// single pass with no heap allocation. Float output is computed in double and narrowed once (round to nearest, a value
/// above <see cref="float.MaxValue"/> saturating to it, as <see cref="Segments.ToSingle"/>), so it is the rounding of a
/// value within a few double ULP of the scalar form. The tail (fewer elements than a vector) is computed
/// by the same vector operator into a stack buffer, so every element of a span is computed by the same instructions
/// whatever its position.
/// </summary>
internal static class Kernels
{
    /// <summary>Elements per chunk where a path needs a stack buffer (8 KiB of doubles, so each pass stays in L1).</summary>
    public const int Chunk = 1024;

    /// <summary>Positions must stay exact doubles: <c>|k| &lt;= 2^53</c>.</summary>
    private const double ExactLimit = 9007199254740992.0;

    /// <summary>Whether the integers <c>t0 .. t0 + n</c> and the lengths they are measured against are exact doubles.</summary>
    public static bool Exact(long t0, int n, long length) => t0 >= 0 && t0 <= (long)ExactLimit - n - 1 && length <= (long)ExactLimit;

    /// <summary>Fills <paramref name="destination"/> with <c>op(k0 + direction * i)</c>.</summary>
    /// <param name="op">The per-position operator.</param>
    /// <param name="k0">The first position, an integer with <c>|k0| + destination.Length &lt;= 2^53</c>.</param>
    /// <param name="direction">+1 (ascending positions) or -1 (descending).</param>
    /// <param name="destination">A span of <see cref="double"/> or <see cref="float"/>.</param>
    public static void Map<TOp, T>(in TOp op, double k0, double direction, Span<T> destination)
        where TOp : struct, IStepOperator
        where T : unmanaged
    {
        int n = destination.Length;
        int width = Vector<double>.Count;
        var stride = new Vector<double>(direction * width);
        var k = new Vector<double>(k0) + (Vector<double>.Indices * direction);
        int i = 0;
        if (typeof(T) == typeof(double))
        {
            ref double d = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(destination));
            for (; i <= n - width; i += width)
            {
                op.Invoke<FullPrecision>(k).StoreUnsafe(ref d, (nuint)i);
                k += stride;
            }
        }
        else if (typeof(T) == typeof(float))
        {
            ref float f = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(destination));
            for (; i <= n - (2 * width); i += 2 * width)
            {
                op.InvokeSingle(k, k + stride).StoreUnsafe(ref f, (nuint)i);
                k += stride + stride;
            }
        }
        else
        {
            throw new NotSupportedException(typeof(T).Name);
        }

        if (i < n)
        {
            if (typeof(T) == typeof(double))
            {
                Span<double> tail = stackalloc double[2 * width];
                op.Invoke<FullPrecision>(k).CopyTo(tail);
                op.Invoke<FullPrecision>(k + stride).CopyTo(tail[width..]);
                tail[..(n - i)].CopyTo(MemoryMarshal.Cast<T, double>(destination)[i..]);
            }
            else
            {
                Span<float> tail = stackalloc float[Vector<float>.Count];
                op.InvokeSingle(k, k + stride).CopyTo(tail);
                tail[..(n - i)].CopyTo(MemoryMarshal.Cast<T, float>(destination)[i..]);
            }
        }
    }

    /// <summary>
    /// <see cref="Map"/> of a <see cref="PolynomialOperator"/> over descending positions from <paramref name="k0"/> (an
    /// integer at most the operator's horizon): the positions down to the first multiple of 64 below <paramref name="k0"/>
    /// lane by lane, then whole anchor blocks through <see cref="PolynomialOperator.Blocks{T}"/> while they apply, then the
    /// rest lane by lane (<see cref="AnchoredPower"/>).
    /// </summary>
    public static void MapPower<T>(in PolynomialOperator op, double k0, Span<T> destination)
        where T : unmanaged
    {
        // The block of k0 is (a - 64, a] with a = 64 ceil(k0 / 64): k0 - (a - 64) positions, then whole blocks from a - 64.
        double below = (Math.Ceiling(k0 * (1.0 / AnchoredPower.Block)) * AnchoredPower.Block) - AnchoredPower.Block;
        int head = (int)Math.Min(destination.Length, k0 - below);
        Map(op, k0, -1, destination[..head]);
        int done = head + op.Blocks(below, destination[head..]);
        Map(op, k0 - done, -1, destination[done..]);
    }

    /// <summary>
    /// <see cref="IStepOperator.InvokeSingle"/> by narrowing: <paramref name="op"/>'s double values with the float-grade
    /// polynomials (<see cref="SinglePrecision"/>), saturated at <see cref="float.MaxValue"/> and rounded to nearest (the
    /// vector form of <see cref="Segments.ToSingle"/>; no value is NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Narrowed<TOp>(in TOp op, Vector<double> low, Vector<double> high)
        where TOp : struct, IStepOperator
    {
        var largest = new Vector<double>(float.MaxValue);
        return Vector.Narrow(VectorMath.Min(op.Invoke<SinglePrecision>(low), largest), VectorMath.Min(op.Invoke<SinglePrecision>(high), largest));
    }

    /// <summary>
    /// <see cref="Numerics.CosineLerp"/> for <c>t = t0 + i</c> in <c>[0, L]</c>: <c>ends.At(h)</c> from the smaller endpoint
    /// with the weight of the larger, <c>h = (1 + cos(pi t / L)) / 2</c> for a decay and <c>(1 - cos(pi t / L)) / 2</c> for
    /// a rise, through the two well-conditioned forms of <see cref="Numerics.HalfCosine(long, long)"/> (a cosine before the
    /// midpoint, a sine of the exact complement after it; swapped for a rise). The midpoint itself is left to the caller
    /// (the scalar form returns its weight 1/2 exactly).
    /// </summary>
    public static void CosineLerp<T>(double from, double to, long t0, long length, Span<T> destination)
        where T : unmanaged
    {
        double c = Numerics.QuarterScale(length);
        // A decay weights the larger end (from) by cos^2 before the midpoint and sin^2 of the complement after; a rise
        // weights it (to) by the mirror image, sin^2 before and cos^2 of the complement after.
        bool rise = from < to;
        var ends = rise ? new Interpolant(from, to) : new Interpolant(to, from);
        MapHalves(t0, length, new HalfCosineOperator(c, ends, sine: rise), new HalfCosineOperator(c, ends, sine: !rise), destination);
    }

    /// <summary>
    /// <c>ends.At(cos^2(pi (k - start) (0.5 / length)))</c> for <c>k = k0 + i</c> (<c>ends</c> from <c>to</c> to
    /// <c>from</c>): a cosine phase between fractional ends (one-cycle), float output through the float-grade polynomials.
    /// </summary>
    public static void PhaseCosine<T>(double start, double length, double from, double to, long k0, Span<T> destination)
        where T : unmanaged
        => Map(new PhaseCosineOperator(start, length, new Interpolant(to, from)), k0, 1, destination);

    /// <summary>
    /// <see cref="Numerics.Lerp"/> for <c>t = t0 + i</c>: <c>ends.At(k / L)</c> from the smaller endpoint, at ascending
    /// positions <c>k = t</c> for a rise and descending <c>k = L - t</c> for a decay.
    /// </summary>
    public static void Lerp<T>(double from, double to, long t0, long length, Span<T> destination)
        where T : unmanaged
    {
        if (from >= to)
        {
            Map(new LerpOperator(new Interpolant(to, from), length), length - t0, -1, destination);
        }
        else
        {
            Map(new LerpOperator(new Interpolant(from, to), length), t0, 1, destination);
        }
    }

    /// <summary>
    /// <c>x^power</c> lane by lane with the operations of <see cref="Numerics.SmallPower"/> (<paramref name="code"/> from
    /// <see cref="Numerics.SmallPowerCode"/>), so the scalar and span paths agree bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> SmallPower<TPrecision>(Vector<double> x, int code, Vector<double> power)
        where TPrecision : struct, IPrecision
        => code switch
    {
        1 => x,
        2 => x * x,
        3 => x * x * x,
        4 => (x * x) * (x * x),
        0 => Vector.SquareRoot(x),
        _ => Vector.ConditionalSelect(Vector.Equals(x, Vector<double>.Zero), Vector<double>.Zero, TPrecision.Exp2(power * TPrecision.Log2(x))),
    };

    /// <summary>
    /// Splits positions <c>t = t0 + i</c> in <c>[0, L]</c> at the midpoint of the half-cosine forms: <paramref name="ascending"/>
    /// at <c>k = t</c> while <c>t &lt;= L - t</c>, then <paramref name="descending"/> at the exact complement <c>k = L - t</c>.
    /// </summary>
    private static void MapHalves<TOp, T>(long t0, long length, in TOp ascending, in TOp descending, Span<T> destination)
        where TOp : struct, IStepOperator
        where T : unmanaged
    {
        int low = (int)Math.Clamp((length / 2) - t0 + 1, 0, destination.Length);
        Map(ascending, t0, 1, destination[..low]);
        Map(descending, length - t0 - low, -1, destination[low..]);
    }

    /// <summary>
    /// <c>ends.At(((1 + cos(pi t / L)) / 2)^power)</c> for <c>t = t0 + i</c> in <c>[0, L]</c> (full precision for both
    /// outputs, as the power amplifies relative errors), the midpoint left to the caller.
    /// </summary>
    public static void PoweredHalfCosine<T>(long t0, long length, double power, Interpolant ends, Span<T> destination)
        where T : unmanaged
    {
        double c = Numerics.QuarterScale(length);
        int code = Numerics.SmallPowerCode(power);
        MapHalves(t0, length, new PoweredHalfCosineOperator(c, code, power, ends, sine: false), new PoweredHalfCosineOperator(c, code, power, ends, sine: true), destination);
    }
}
