using System.Globalization;
using System.Numerics;
using LrSchedules.Internal;
using LrSchedules.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LrSchedules.Tests.Evaluation;

/// <summary>
/// The span evaluator's own elementary functions (<see cref="VectorMath"/>): accuracy against <see cref="Math"/> over dense
/// grids of their domains, behaviour outside them and at special values, and bit identity of every vector lane with the
/// scalar twin (which the scalar closed forms use, so <c>GetLearningRate</c> and a double span agree bit for bit).
/// </summary>
/// <remarks>
/// Measured on x64 (.NET 10): Sin and Cos within 1 ULP of <see cref="Math.Sin"/> / <see cref="Math.Cos"/> on
/// 1,000,001 points of [0, pi/4] (max 1 ULP each); SinSingle within 9.8e-12 and CosSingle within 1.7e-10 relative; Exp2 within 1 ULP of
/// <c>Math.Pow(2, y)</c> on 2,000,001 points of [-1074, 1023] and exact at every integer; Log2 within 3 ULP of
/// <see cref="Math.Log2(double)"/> on 1,000,000 random points and exact at powers of 2; CosPiSquared within 3 ULP of a
/// well-conditioned Math.Cos/Math.Sin reference and exact at quarter periods; Exp2Single and Log2Single (float spans) within
/// 1e-9 and 1e-12 relative, exact at integers and powers of 2. The bounds asserted are those
/// measured (see the test output for the actual maxima).
/// </remarks>
public sealed class VectorMathTests(ITestOutputHelper output)
{
    private const int GridPoints = 1_000_000;
    private const double QuarterPi = Math.PI / 4;

    [Fact]
    public void Sin_and_Cos_within_1_ulp_of_Math_on_a_dense_grid_of_0_to_pi_over_4()
    {
        long maxSin = 0, maxCos = 0;
        double worstSin = 0, worstCos = 0;
        for (int i = 0; i <= GridPoints; i++)
        {
            double x = i == GridPoints ? QuarterPi : QuarterPi * i / GridPoints;
            long s = ScheduleChecks.UlpDistance(VectorMath.Sin(x), Math.Sin(x));
            long c = ScheduleChecks.UlpDistance(VectorMath.Cos(x), Math.Cos(x));
            if (s > maxSin)
            {
                (maxSin, worstSin) = (s, x);
            }

            if (c > maxCos)
            {
                (maxCos, worstCos) = (c, x);
            }
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "Sin: max {0} ULP (at {1:R}); Cos: max {2} ULP (at {3:R}).", maxSin, worstSin, maxCos, worstCos));
        Assert.True(maxSin <= 1, $"Sin max {maxSin} ULP at {worstSin:R}");
        Assert.True(maxCos <= 1, $"Cos max {maxCos} ULP at {worstCos:R}");
        Assert.Equal(0.0, VectorMath.Sin(0.0));
        Assert.Equal(1.0, VectorMath.Cos(0.0));
    }

    [Fact]
    public void SinSingle_and_CosSingle_within_1e_9_relative()
    {
        double maxSin = 0, maxCos = 0;
        double[] xs = new double[Vector<double>.Count];
        for (int i = 0; i <= GridPoints; i += xs.Length)
        {
            for (int j = 0; j < xs.Length; j++)
            {
                int k = Math.Min(i + j, GridPoints);
                xs[j] = k == GridPoints ? QuarterPi : QuarterPi * k / GridPoints;
            }

            var x = new Vector<double>(xs);
            var sin = VectorMath.SinSingle(x);
            var cos = VectorMath.CosSingle(x);
            for (int j = 0; j < xs.Length; j++)
            {
                double es = Math.Sin(xs[j]), ec = Math.Cos(xs[j]);
                if (es != 0)
                {
                    maxSin = Math.Max(maxSin, Math.Abs(sin[j] - es) / es);
                }
                else
                {
                    Assert.Equal(0.0, sin[j]);
                }

                maxCos = Math.Max(maxCos, Math.Abs(cos[j] - ec) / ec);
            }
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "SinSingle: max relative {0:E3}; CosSingle: max relative {1:E3}.", maxSin, maxCos));
        Assert.True(maxSin <= 1e-9, $"SinSingle max relative {maxSin:R}");
        Assert.True(maxCos <= 1e-9, $"CosSingle max relative {maxCos:R}");
    }

    [Fact]
    public void Exp2Single_and_Log2Single_within_1e_9_relative_and_exact_at_integers_and_powers_of_2()
    {
        // Exp2Single on 2,000,001 points of [-1022, 1023] (normal results), Log2Single of 1,000,000 random normal
        // doubles; the float spans of the exponential, power and logarithmic families use them.
        double maxExp = 0, maxLog = 0;
        var ys = new double[Vector<double>.Count];
        const int Points = 2_000_000;
        for (int i = 0; i <= Points; i += ys.Length)
        {
            for (int j = 0; j < ys.Length; j++)
            {
                ys[j] = -1022 + (2045.0 * Math.Min(i + j, Points) / Points);
            }

            var v = VectorMath.Exp2Single(new Vector<double>(ys));
            for (int j = 0; j < ys.Length; j++)
            {
                double expected = Math.Pow(2, ys[j]);
                maxExp = Math.Max(maxExp, Math.Abs(v[j] - expected) / expected);
            }
        }

        var random = new Random(5);
        var xs = new double[Vector<double>.Count];
        for (int i = 0; i < GridPoints; i += xs.Length)
        {
            for (int j = 0; j < xs.Length; j++)
            {
                xs[j] = Math.Pow(2, (random.NextDouble() * 2040) - 1020);
            }

            var v = VectorMath.Log2Single(new Vector<double>(xs));
            for (int j = 0; j < xs.Length; j++)
            {
                double expected = Math.Log2(xs[j]);
                // Relative to max(|log2 x|, 1): what an exponent built from it (p log2 x) carries into a power.
                maxLog = Math.Max(maxLog, Math.Abs(v[j] - expected) / Math.Max(Math.Abs(expected), 1));
            }
        }

        for (int n = -1074; n <= 1023; n++)
        {
            Assert.Equal(Math.Pow(2, n), VectorMath.Exp2Single(new Vector<double>(n))[0]);
            if (n >= -1022)
            {
                Assert.Equal(n, VectorMath.Log2Single(new Vector<double>(Math.Pow(2, n)))[0]);
            }
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "Exp2Single: max relative {0:E3}; Log2Single: max relative {1:E3}.", maxExp, maxLog));
        Assert.True(maxExp <= 1e-9, $"Exp2Single max relative {maxExp:R}");
        Assert.True(maxLog <= 1e-12, $"Log2Single max relative {maxLog:R}");
    }

    [Fact]
    public void Exp2Float_within_2_float_ulp_of_the_rounded_exact_value_and_exact_at_integers()
    {
        // factor 2^y in float lanes on 2,000,001 points of [-160, 140] (normal, subnormal, zero and overflowing float
        // results) with factors across [0, 2): what the float spans of the exponential, exp-range and power families use.
        int width = Vector<double>.Count;
        var ys = new double[2 * width];
        var factors = new float[2 * width];
        var random = new Random(11);
        long max = 0;
        double worst = 0;
        const int Points = 2_000_000;
        for (int i = 0; i <= Points; i += ys.Length)
        {
            for (int j = 0; j < ys.Length; j++)
            {
                ys[j] = -160 + (300.0 * Math.Min(i + j, Points) / Points);
                factors[j] = j == 0 ? 1 : (float)(random.NextDouble() * 2);
            }

            var v = VectorMath.Exp2Float(new Vector<double>(ys, 0), new Vector<double>(ys, width), new Vector<float>(factors));
            for (int j = 0; j < ys.Length; j++)
            {
                // Math.Pow(2, y) is within 1 double ULP, far below a float's; the product with a float factor is exact in
                // double unless it is subnormal in double, which these ranges never are.
                float expected = (float)(factors[j] * Math.Pow(2, ys[j]));
                long ulps = float.IsInfinity(expected) ? (float.IsInfinity(v[j]) ? 0 : long.MaxValue) : ScheduleChecks.UlpDistance(v[j], expected);
                if (ulps > max)
                {
                    max = ulps;
                    worst = ys[j];
                }
            }
        }

        for (int n = -149; n <= 127; n++)
        {
            Assert.Equal(MathF.Pow(2, n), VectorMath.Exp2Float(new Vector<double>(n), new Vector<double>(n), Vector<float>.One)[0]);
        }

        Assert.Equal(0f, VectorMath.Exp2Float(new Vector<double>(-151), new Vector<double>(-1e300), Vector<float>.One)[0]);
        Assert.Equal(float.PositiveInfinity, VectorMath.Exp2Float(new Vector<double>(128), new Vector<double>(1e300), Vector<float>.One)[0]);
        Assert.Equal(0f, VectorMath.Exp2Float(new Vector<double>(1e300), new Vector<double>(1e300), Vector<float>.Zero)[0]);
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "Exp2Float: max {0} float ULP (at y = {1:R}).", max, worst));
        Assert.True(max <= 2, $"Exp2Float max {max} ULP at y = {worst:R}");
    }

    [Fact]
    public void Exp2_within_1_ulp_of_Math_Pow_on_a_dense_grid_of_minus_1074_to_1023()
    {
        const int Points = 2 * GridPoints;
        long max = 0;
        double worst = 0;
        for (int i = 0; i <= Points; i++)
        {
            double y = i == Points ? 1023 : -1074 + (2097.0 * i / Points);
            double got = VectorMath.Exp2(y);
            double expected = Math.Pow(2, y);
            long d = ScheduleChecks.UlpDistance(got, expected);
            if (d > max)
            {
                (max, worst) = (d, y);
            }
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "Exp2: max {0} ULP of Math.Pow(2, y) (at {1:R}).", max, worst));
        Assert.True(max <= 1, $"Exp2 max {max} ULP at {worst:R}");
    }

    [Fact]
    public void Exp2_exact_at_every_integer_from_minus_1074_to_1023()
    {
        for (int n = -1074; n <= 1023; n++)
        {
            double expected = Math.ScaleB(1.0, n);
            double got = VectorMath.Exp2(n);
            if (got != expected)
            {
                throw new XunitException(string.Format(CultureInfo.InvariantCulture, "Exp2({0}) = {1:R}, expected {2:R}.", n, got, expected));
            }
        }
    }

    [Fact]
    public void Exp2_outside_the_range_is_0_or_infinity_and_never_NaN_for_non_NaN_input()
    {
        foreach (double y in new[] { -1076.5, -1077, -2000, -1e300, double.MinValue, double.NegativeInfinity })
        {
            Assert.Equal(0.0, VectorMath.Exp2(y));
            Assert.Equal(0.0, VectorMath.Exp2(new Vector<double>(y))[0]);
        }

        // 2^-1076 and 2^-1075 are at most half the smallest subnormal: they round to 0 as well.
        Assert.Equal(0.0, VectorMath.Exp2(-1076));
        Assert.Equal(0.0, VectorMath.Exp2(-1075));
        Assert.Equal(double.Epsilon, VectorMath.Exp2(-1074));
        Assert.Equal(double.Epsilon, VectorMath.Exp2(-1074.4));

        foreach (double y in new[] { 1024, 1025, 1025.5, 1026, 5000, 1e300, double.MaxValue, double.PositiveInfinity })
        {
            Assert.Equal(double.PositiveInfinity, VectorMath.Exp2(y));
            Assert.Equal(double.PositiveInfinity, VectorMath.Exp2(new Vector<double>(y))[0]);
        }

        Assert.Equal(Math.ScaleB(1.0, 1023), VectorMath.Exp2(1023));
        double nearTop = Math.BitDecrement(1024.0);
        Assert.True(double.IsFinite(VectorMath.Exp2(nearTop)));
        Assert.True(ScheduleChecks.UlpDistance(VectorMath.Exp2(nearTop), Math.Pow(2, nearTop)) <= 1);
    }

    [Fact]
    public void Exp2_of_NaN_is_NaN_in_both_forms()
    {
        // Documented behaviour: a NaN argument is not clamped (Math.Min/Max and Vector.Min/Max propagate NaN), so the
        // result is NaN. The schedules never pass NaN.
        Assert.True(double.IsNaN(VectorMath.Exp2(double.NaN)));
        var v = VectorMath.Exp2(new Vector<double>(double.NaN));
        for (int j = 0; j < Vector<double>.Count; j++)
        {
            Assert.True(double.IsNaN(v[j]), $"lane {j} = {v[j]:R}");
        }
    }

    [Fact]
    public void Sin_and_Cos_at_infinities_and_NaN_match_the_scalar_twin()
    {
        foreach (double x in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            AssertSameBits(VectorMath.Sin(x), VectorMath.Sin(new Vector<double>(x))[0], "Sin", x);
            AssertSameBits(VectorMath.Cos(x), VectorMath.Cos(new Vector<double>(x))[0], "Cos", x);
        }
    }

    [Fact]
    public void Vector_lanes_equal_the_scalar_twin_bit_for_bit()
    {
        var random = new Random(20250607);
        int count = Vector<double>.Count;
        double[] trig = new double[count];
        double[] pow = new double[count];
        double[] specials = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 1023.5, -1074.5, -1075.5, 1e-300, -1e-300, double.Epsilon, double.PositiveInfinity, double.NegativeInfinity, QuarterPi];
        for (int round = 0; round < 50_000; round++)
        {
            for (int j = 0; j < count; j++)
            {
                trig[j] = random.NextDouble() * QuarterPi;
                pow[j] = round % 5 == 0 ? specials[random.Next(specials.Length)] : (random.NextDouble() * 2200) - 1100;
            }

            if (round % 7 == 0)
            {
                trig[random.Next(count)] = round % 2 == 0 ? 0 : QuarterPi;
            }

            var x = new Vector<double>(trig);
            var y = new Vector<double>(pow);
            var sin = VectorMath.Sin(x);
            var cos = VectorMath.Cos(x);
            var exp2 = VectorMath.Exp2(y);
            for (int j = 0; j < count; j++)
            {
                AssertSameBits(VectorMath.Sin(trig[j]), sin[j], "Sin", trig[j]);
                AssertSameBits(VectorMath.Cos(trig[j]), cos[j], "Cos", trig[j]);
                AssertSameBits(VectorMath.Exp2(pow[j]), exp2[j], "Exp2", pow[j]);
            }
        }
    }

    [Fact]
    public void Log2_within_3_ulp_of_Math_Log2_and_exact_at_powers_of_2()
    {
        var random = new Random(20261129);
        long max = 0;
        double worst = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            // Log-uniform over the positive normal range, and a dense band around 1 where log2 tends to 0.
            double x = i % 2 == 0 ? Math.Pow(2, (random.NextDouble() * 2044) - 1021) : 1 + ((random.NextDouble() - 0.5) * 0.1);
            long d = ScheduleChecks.UlpDistance(VectorMath.Log2(x), Math.Log2(x));
            if (d > max)
            {
                (max, worst) = (d, x);
            }
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "Log2: max {0} ULP (at {1:R}).", max, worst));
        Assert.True(max <= 3, $"Log2 max {max} ULP at {worst:R}");
        for (int e = -1022; e <= 1023; e++)
        {
            Assert.Equal((double)e, VectorMath.Log2(Math.ScaleB(1, e)));
        }
    }

    [Fact]
    public void CosPiSquared_within_3_ulp_of_a_well_conditioned_reference_and_exact_at_quarters()
    {
        var random = new Random(20261130);
        long max = 0;
        double worst = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            double x = i % 3 == 0 ? random.NextDouble() * 1e6 : random.NextDouble() * 4;
            double expected = CosPiSquaredReference(x);
            long d = ScheduleChecks.UlpDistance(VectorMath.CosPiSquared(x), expected);
            if (d > max)
            {
                (max, worst) = (d, x);
            }
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "CosPiSquared: max {0} ULP (at {1:R}).", max, worst));
        Assert.True(max <= 3, $"CosPiSquared max {max} ULP at {worst:R}");
        foreach (double q in new[] { 0.0, 1, 2, 1e15, -3 })
        {
            Assert.Equal(1.0, VectorMath.CosPiSquared(q));
            Assert.Equal(0.5, VectorMath.CosPiSquared(q + 0.25));
            Assert.Equal(0.0, VectorMath.CosPiSquared(q + 0.5));
            Assert.Equal(0.5, VectorMath.CosPiSquared(q + 0.75));
        }

        double[] xs = new double[Vector<double>.Count];
        for (int round = 0; round < 10_000; round++)
        {
            for (int j = 0; j < xs.Length; j++)
            {
                xs[j] = round % 3 == 0 ? Math.Round(random.NextDouble() * 40) / 4 : (random.NextDouble() - 0.5) * 100;
            }

            var v = VectorMath.CosPiSquared(new Vector<double>(xs));
            var l = VectorMath.Log2(new Vector<double>(xs) * new Vector<double>(xs) + Vector<double>.One);
            for (int j = 0; j < xs.Length; j++)
            {
                AssertSameBits(VectorMath.CosPiSquared(xs[j]), v[j], "CosPiSquared", xs[j]);
                AssertSameBits(VectorMath.Log2((xs[j] * xs[j]) + 1), l[j], "Log2", (xs[j] * xs[j]) + 1);
            }
        }
    }

    /// <summary>
    /// cos^2(pi x) = (1 + cos(2 pi m)) / 2 for the exact reduced m = x mod 1, evaluated with Math.Cos / Math.Sin on the
    /// argument nearest its zero (sin^2(pi (1/2 - m)) for m in [1/4, 3/4], as the exact complement), so the reference keeps
    /// full relative precision everywhere.
    /// </summary>
    private static double CosPiSquaredReference(double x)
    {
        double m = Math.Abs(x) - Math.Floor(Math.Abs(x));
        double w = m <= 0.25 ? Math.Cos(m * Math.PI) : m <= 0.75 ? Math.Sin((0.5 - m) * Math.PI) : Math.Cos((1 - m) * Math.PI);
        return w * w;
    }

    private static void AssertSameBits(double scalar, double lane, string function, double x)
    {
        if (BitConverter.DoubleToInt64Bits(scalar) != BitConverter.DoubleToInt64Bits(lane))
        {
            throw new XunitException(string.Format(CultureInfo.InvariantCulture, "{0}({1:R}): scalar {2:R}, vector lane {3:R}.", function, x, scalar, lane));
        }
    }
}
