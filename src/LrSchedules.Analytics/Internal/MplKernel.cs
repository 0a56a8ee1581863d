using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LrSchedules.Analytics.Internal;

/// <summary>
/// The loss-drop sums of the Multi-Power Law at one query step <c>t</c>, over the change points <c>k &lt;= t</c> of a
/// <see cref="RateTrace"/>, in one fused <see cref="Vector{T}"/> pass (scalar tail). With
/// <c>u_k = C lr_k^-gamma (S(t) - S(k-1))</c>, <c>L_k = ln(1 + u_k)</c> and <c>f_k = (1 + u_k)^-beta = exp(-beta L_k)</c>:
/// <list type="bullet">
/// <item><c>s0 = sum (lr_k - lr_{k-1}) (1 - f_k)</c> (the drop is <c>B s0</c>);</item>
/// <item><c>s1 = sum (lr_k - lr_{k-1}) f_k L_k</c> (<c>d drop / d beta = B s1</c>);</item>
/// <item><c>s2 = sum (lr_k - lr_{k-1}) f_k u_k / (1 + u_k)</c> (<c>d drop / d C = B beta s2 / C</c>);</item>
/// <item><c>s3 = sum (lr_k - lr_{k-1}) f_k u_k / (1 + u_k) ln lr_k</c> (<c>d drop / d gamma = -B beta s3</c>).</item>
/// </list>
/// A rate of exactly 0 gives <c>C lr_k^-gamma = +inf</c>; it is capped at <see cref="Cap"/>, so that <c>u_k = 0</c> while
/// <c>S(t) = S(k-1)</c> (nothing has been trained at that rate yet: no drop) and <c>f_k = 0</c> after.
/// </summary>
internal static class MplKernel
{
    /// <summary>The cap of <c>C lr^-gamma</c> and of <c>u</c>.</summary>
    public const double Cap = 1e300;

    /// <summary>Fills <c>cg[j] = min(C lr_j^-gamma, Cap)</c> for every change point.</summary>
    public static void Prepare(RateTrace trace, double c, double gamma, Span<double> cg)
    {
        var rate = trace.ChangeRate;
        var log = trace.LogRate;
        for (int j = 0; j < rate.Length; j++)
        {
            cg[j] = rate[j] > 0 ? Math.Min(c * Math.Exp(-gamma * log[j]), Cap) : Cap;
        }
    }

    /// <summary><c>s0</c> at query point <paramref name="point"/>.</summary>
    public static double Drop(RateTrace trace, int point, ReadOnlySpan<double> cg, double beta)
    {
        int n = trace.ChangesUpTo[point];
        double st = trace.Prefix[point];
        ref double before = ref MemoryMarshal.GetArrayDataReference(trace.PrefixBefore);
        ref double delta = ref MemoryMarshal.GetArrayDataReference(trace.Delta);
        ref double g = ref MemoryMarshal.GetReference(cg);
        int j = 0;
        double s0 = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vt = new Vector<double>(st);
            var vb = new Vector<double>(-beta);
            var cap = new Vector<double>(Cap);
            var acc = Vector<double>.Zero;
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
            {
                var d = Vector.Max(vt - Vector.LoadUnsafe(ref before, (nuint)j), Vector<double>.Zero);
                var u = Vector.Min(Vector.LoadUnsafe(ref g, (nuint)j) * d, cap);
                var f = Vector.Exp(vb * Vector.Log(Vector<double>.One + u));
                acc += Vector.LoadUnsafe(ref delta, (nuint)j) * (Vector<double>.One - f);
            }

            s0 = Vector.Sum(acc);
        }

        for (; j < n; j++)
        {
            double d = Math.Max(st - Unsafe.Add(ref before, j), 0);
            double u = Math.Min(Unsafe.Add(ref g, j) * d, Cap);
            double f = Math.Exp(-beta * Math.Log(1 + u));
            s0 += Unsafe.Add(ref delta, j) * (1 - f);
        }

        return s0;
    }

    /// <summary><c>s0..s3</c> at query point <paramref name="point"/>.</summary>
    public static void DropWithDerivatives(RateTrace trace, int point, ReadOnlySpan<double> cg, double beta, out double s0, out double s1, out double s2, out double s3)
    {
        int n = trace.ChangesUpTo[point];
        double st = trace.Prefix[point];
        ref double before = ref MemoryMarshal.GetArrayDataReference(trace.PrefixBefore);
        ref double delta = ref MemoryMarshal.GetArrayDataReference(trace.Delta);
        ref double logRate = ref MemoryMarshal.GetArrayDataReference(trace.LogRate);
        ref double g = ref MemoryMarshal.GetReference(cg);
        int j = 0;
        s0 = s1 = s2 = s3 = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vt = new Vector<double>(st);
            var vb = new Vector<double>(-beta);
            var cap = new Vector<double>(Cap);
            var one = Vector<double>.One;
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
            {
                var d = Vector.Max(vt - Vector.LoadUnsafe(ref before, (nuint)j), Vector<double>.Zero);
                var u = Vector.Min(Vector.LoadUnsafe(ref g, (nuint)j) * d, cap);
                var onePlusU = one + u;
                var l = Vector.Log(onePlusU);
                var f = Vector.Exp(vb * l);
                var dl = Vector.LoadUnsafe(ref delta, (nuint)j);
                var w = dl * f;
                a0 += dl - w;
                a1 += w * l;
                var q = w - (w / onePlusU);
                a2 += q;
                a3 += q * Vector.LoadUnsafe(ref logRate, (nuint)j);
            }

            s0 = Vector.Sum(a0);
            s1 = Vector.Sum(a1);
            s2 = Vector.Sum(a2);
            s3 = Vector.Sum(a3);
        }

        for (; j < n; j++)
        {
            double d = Math.Max(st - Unsafe.Add(ref before, j), 0);
            double u = Math.Min(Unsafe.Add(ref g, j) * d, Cap);
            double l = Math.Log(1 + u);
            double f = Math.Exp(-beta * l);
            double dl = Unsafe.Add(ref delta, j);
            double w = dl * f;
            s0 += dl - w;
            s1 += w * l;
            double q = w - (w / (1 + u));
            s2 += q;
            s3 += q * Unsafe.Add(ref logRate, j);
        }
    }
}
