using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace LrSchedules.Internal;

/// <summary>
/// Vectorized kernels for the smooth pieces of the closed forms (<see cref="TensorPrimitives"/> over chunks of at most
/// <see cref="Chunk"/> elements, so every pass stays in L1). Positions are always computed in <see cref="double"/> from
/// exact integers, the same way the scalar formulas in <see cref="Numerics"/> compute them, so the scalar and span paths
/// only differ by the rounding of the vectorized transcendental functions.
/// </summary>
internal static class Kernels
{
    /// <summary>Elements per chunk: 8 KiB of doubles.</summary>
    public const int Chunk = 1024;

    private const long ExactLimit = 1L << 53;

    private static readonly double[] Ramp = CreateRamp();

    /// <summary>Whether the integers <c>t0 .. t0 + n</c> (and their complements to a length up to 2^53) are exact doubles.</summary>
    public static bool Exact(long t0, int n, long length) => t0 >= 0 && t0 <= ExactLimit - n - 1 && length <= ExactLimit;

    /// <summary><c>dst[i] = (t0 + i) / den</c>, correctly rounded (the same as <c>(double)(t0 + i) / den</c>).</summary>
    public static void Ascending(long t0, double den, Span<double> dst)
    {
        TensorPrimitives.Add(Ramp.AsSpan(0, dst.Length), (double)t0, dst);
        if (den != 1)
        {
            TensorPrimitives.Divide(dst, den, dst);
        }
    }

    /// <summary><c>dst[i] = (k0 - i) / den</c>, correctly rounded.</summary>
    public static void Descending(long k0, double den, Span<double> dst)
    {
        TensorPrimitives.Subtract((double)k0, Ramp.AsSpan(0, dst.Length), dst);
        if (den != 1)
        {
            TensorPrimitives.Divide(dst, den, dst);
        }
    }

    /// <summary>Rounds <paramref name="source"/> into <paramref name="destination"/> (a no-op when both are the same doubles).</summary>
    public static void Store<T>(ReadOnlySpan<double> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            TensorPrimitives.ConvertTruncating(source, MemoryMarshal.Cast<T, float>(destination));
        }
        else if (!source.Overlaps(MemoryMarshal.Cast<T, double>(destination)))
        {
            source.CopyTo(MemoryMarshal.Cast<T, double>(destination));
        }
    }

    /// <summary>The work buffer for positions: the destination itself for doubles, else <paramref name="scratch"/>.</summary>
    public static Span<double> Work<T>(Span<T> destination, Span<double> scratch)
        where T : unmanaged
        => typeof(T) == typeof(double) ? MemoryMarshal.Cast<T, double>(destination) : scratch[..destination.Length];

    /// <summary>
    /// <c>dst[i] = (1 + cos(pi t / L)) / 2</c> (or <c>(1 - cos(pi t / L)) / 2</c> when <paramref name="complement"/>) for
    /// <c>t = t0 + i</c> in <c>[0, L]</c>, through the well-conditioned forms of <see cref="Numerics.HalfCosine(long, long)"/>.
    /// </summary>
    public static void HalfCosine<T>(long t0, long length, Span<T> dst, Span<double> scratch, bool complement)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = dst.Length;
        int low = (int)Math.Clamp((length / 2) - t0 + 1, 0, n);
        double den = 2.0 * length;
        var work = Work(dst, scratch);
        if (low > 0)
        {
            Ascending(t0, den, work[..low]);
            Store<T>(work[..low], dst[..low]);
            if (complement)
            {
                TensorPrimitives.SinPi<T>(dst[..low], dst[..low]);
            }
            else
            {
                TensorPrimitives.CosPi<T>(dst[..low], dst[..low]);
            }
        }

        if (low < n)
        {
            Descending(length - t0 - low, den, work[low..n]);
            Store<T>(work[low..n], dst[low..n]);
            if (complement)
            {
                TensorPrimitives.CosPi<T>(dst[low..n], dst[low..n]);
            }
            else
            {
                TensorPrimitives.SinPi<T>(dst[low..n], dst[low..n]);
            }
        }

        TensorPrimitives.Multiply<T>(dst, dst, dst);
        long mid = length / 2;
        if (length % 2 == 0 && mid >= t0 && mid - t0 < n)
        {
            // The midpoint, exactly, as the scalar form returns it.
            dst[(int)(mid - t0)] = T.CreateTruncating(0.5);
        }
    }

    /// <summary><c>dst[i] = from * ((L - t) / L) + to * (t / L)</c> for <c>t = t0 + i</c>, exactly as <see cref="Numerics.Lerp"/>.</summary>
    public static void Lerp(double from, double to, long t0, long length, Span<double> dst, Span<double> scratch)
    {
        double len = length;
        var w = scratch[..dst.Length];
        Descending(length - t0, len, w);
        Ascending(t0, len, dst);
        TensorPrimitives.Multiply(dst, to, dst);
        TensorPrimitives.MultiplyAdd(w, from, dst, dst);
    }

    /// <summary>
    /// <c>dst[i] = from * h(t) + to * (1 - h(t))</c> with the two half-cosine weights computed separately, exactly as
    /// <see cref="Numerics.CosineLerp"/>.
    /// </summary>
    public static void CosineLerp(double from, double to, long t0, long length, Span<double> dst, Span<double> scratch)
    {
        var w = scratch[..dst.Length];
        HalfCosine(t0, length, w, default, complement: true);
        HalfCosine(t0, length, dst, default, complement: false);
        TensorPrimitives.Multiply(w, to, w);
        TensorPrimitives.MultiplyAdd(dst, from, w, dst);
    }

    /// <summary><c>dst[i] = offset + scale * dst[i]</c> in the precision of <typeparamref name="T"/>.</summary>
    public static void Affine<T>(Span<T> dst, double scale, double offset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply<T>(dst, T.CreateTruncating(scale), dst);
        TensorPrimitives.Add<T>(dst, T.CreateTruncating(offset), dst);
    }

    private static double[] CreateRamp()
    {
        var ramp = new double[Chunk];
        for (int i = 0; i < ramp.Length; i++)
        {
            ramp[i] = i;
        }

        return ramp;
    }
}
