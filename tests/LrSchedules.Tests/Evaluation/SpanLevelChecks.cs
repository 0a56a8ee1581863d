using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LrSchedules.Composition;
using LrSchedules.Internal;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using LrSchedules.Torch;

namespace LrSchedules.Tests.Evaluation;

/// <summary>
/// The span checks that must hold at every instruction-set level the kernels can take (AVX-512, AVX2, SSE, no hardware
/// intrinsics; 2, 4 or 8 doubles per <see cref="Vector{T}"/>): run in-process by <see cref="SimdLevelTests"/> and in a
/// child process per level (<c>dotnet exec LrSchedules.Tests.dll --span-checks</c> with <c>DOTNET_Enable...=0</c>), so a
/// kernel that only one level exercises cannot hide a bug.
/// </summary>
/// <remarks>
/// Checked: for every case of <see cref="SpanAccuracyTests"/> but the <c>torch.*</c> replays, double spans bit-identical to
/// <c>GetLearningRate</c> and float spans within 1 ULP of the saturated <c>(float)GetLearningRate</c>, for every length
/// 0..34 (each vector width's main loop and every tail, float's two-vector loop included) and 257 from step 0, around each
/// phase boundary and from two fixed steps, plus spans just below 2^53 and <c>long.MaxValue</c>; every lane of the
/// <see cref="VectorMath"/> functions and of <see cref="Interpolant"/> equal to the scalar twin; float saturation at
/// <see cref="float.MaxValue"/>; <see cref="GroupScales"/>' vector pass (including +0 for a -0 scale).
/// </remarks>
internal static class SpanLevelChecks
{
    private const int MaxFailures = 20;

    /// <summary>The instruction-set level this process runs at, for the parent's assertions: <c>key=value</c> pairs.</summary>
    public static string Describe() => string.Join(
        ' ',
        "arch=" + RuntimeInformation.ProcessArchitecture,
        "vector-doubles=" + Vector<double>.Count,
        "accelerated=" + Vector.IsHardwareAccelerated,
        "avx512f=" + Avx512F.IsSupported,
        "avx2=" + Avx2.IsSupported,
        "fma=" + Fma.IsSupported,
        "sse41=" + Sse41.IsSupported,
        "vector512=" + Vector512.IsHardwareAccelerated);

    /// <summary>Runs every check; returns the number run, the number failed and the first failures (at most 20).</summary>
    public static (int Checks, int Failed, List<string> Failures) Run()
    {
        var failures = new List<string>();
        int checks = 0, failed = 0;
        void Check(bool ok, Func<string> message)
        {
            checks++;
            if (!ok && failed++ < MaxFailures)
            {
                failures.Add(message());
            }
        }

        foreach (var (name, (schedule, boundaries)) in SpanAccuracyTests.AllCases)
        {
            if (schedule is TorchSchedule)
            {
                // A replay of PyTorch's scalar arithmetic, O(step) per GetLearningRate: no kernel to check.
                continue;
            }

            var firsts = new SortedSet<long> { 0, 97, 4_321 };
            foreach (long b in boundaries)
            {
                firsts.Add(Math.Max(0, b - 17));
                firsts.Add(Math.Max(0, b - 1));
            }

            foreach (long first in firsts)
            {
                for (int length = 0; length <= 34; length++)
                {
                    CheckSpan(name, schedule, first, length, Check);
                }
            }

            CheckSpan(name, schedule, 0, 257, Check);
            CheckSpan(name, schedule, ScheduleChecks.TwoTo53 - 40, 40, Check);
            CheckSpan(name, schedule, long.MaxValue - 39, 40, Check);
        }

        CheckLanes(Check);
        CheckSaturation(Check);
        CheckGroupScales(Check);
        return (checks, failed, failures);
    }

    private static void CheckSpan(string name, ILearningRateSchedule schedule, long first, int length, Action<bool, Func<string>> check)
    {
        var doubles = new double[length];
        var floats = new float[length];
        doubles.AsSpan().Fill(double.NaN);
        floats.AsSpan().Fill(float.NaN);
        schedule.Evaluate(first, doubles);
        schedule.Evaluate(first, floats);
        for (int i = 0; i < length; i++)
        {
            double expected = schedule.GetLearningRate(first + i);
            double d = doubles[i];
            float f = floats[i];
            check(
                BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(expected),
                () => Format("{0}: Evaluate({1}, double[{2}])[{3}] = {4:R}, GetLearningRate = {5:R}", name, first, length, i, d, expected));
            float single = ScheduleChecks.ExpectedSingle(expected);
            check(
                float.IsFinite(f) && ScheduleChecks.UlpDistance(f, single) <= ScheduleChecks.MaxFloatSpanUlps,
                () => Format("{0}: Evaluate({1}, float[{2}])[{3}] = {4:R}, saturated (float)GetLearningRate = {5:R}", name, first, length, i, f, single));
        }
    }

    /// <summary>Every lane of the vector elementary functions and of the interpolant equals the scalar twin, bit for bit.</summary>
    private static void CheckLanes(Action<bool, Func<string>> check)
    {
        var random = new Random(20250612);
        int count = Vector<double>.Count;
        double[] trig = new double[count], pow = new double[count], log = new double[count], phase = new double[count], weight = new double[count];
        double[] specials = [0, 0.5, -0.5, 1.5, 1023.5, -1074.5, -1075.5, 1e-300, double.Epsilon, Math.PI / 4, 0.25, 0.75, 2.5];
        var ends = new Interpolant(1e-3, 0.3);
        var wide = new Interpolant(double.MaxValue, 1e308);
        for (int round = 0; round < 4_000; round++)
        {
            for (int j = 0; j < count; j++)
            {
                trig[j] = random.NextDouble() * Math.PI / 4;
                pow[j] = round % 5 == 0 ? specials[random.Next(specials.Length)] : (random.NextDouble() * 2200) - 1100;
                log[j] = Math.Pow(2, (random.NextDouble() * 2000) - 1000) * (1 + random.NextDouble());
                phase[j] = round % 3 == 0 ? specials[random.Next(specials.Length)] : random.NextDouble() * 1e6;
                weight[j] = round % 4 == 0 ? Math.Round(random.NextDouble()) : random.NextDouble();
            }

            var x = new Vector<double>(trig);
            var y = new Vector<double>(pow);
            var z = new Vector<double>(log);
            var p = new Vector<double>(phase);
            var w = new Vector<double>(weight);
            var sin = VectorMath.Sin(x);
            var cos = VectorMath.Cos(x);
            var exp2 = VectorMath.Exp2(y);
            var log2 = VectorMath.Log2(z);
            var cosPi = VectorMath.CosPiSquared(p);
            var at = ends.At(w);
            var atWide = wide.At(w);
            for (int j = 0; j < count; j++)
            {
                int lane = j;
                Same(check, VectorMath.Sin(trig[lane]), sin[lane], "Sin", trig[lane]);
                Same(check, VectorMath.Cos(trig[lane]), cos[lane], "Cos", trig[lane]);
                Same(check, VectorMath.Exp2(pow[lane]), exp2[lane], "Exp2", pow[lane]);
                Same(check, VectorMath.Log2(log[lane]), log2[lane], "Log2", log[lane]);
                Same(check, VectorMath.CosPiSquared(phase[lane]), cosPi[lane], "CosPiSquared", phase[lane]);
                Same(check, ends.At(weight[lane]), at[lane], "Interpolant.At", weight[lane]);
                Same(check, wide.At(weight[lane]), atWide[lane], "Interpolant.At (near double.MaxValue)", weight[lane]);
                check(double.IsFinite(atWide[lane]) && atWide[lane] <= double.MaxValue && atWide[lane] >= 1e308, () => Format("Interpolant.At near double.MaxValue at {0:R} = {1:R}", weight[lane], atWide[lane]));
            }
        }
    }

    /// <summary>A float span saturates at <see cref="float.MaxValue"/> (never +inf), in every path that narrows.</summary>
    private static void CheckSaturation(Action<bool, Func<string>> check)
    {
        ILearningRateSchedule[] schedules =
        [
            new ConstantSchedule(1e39),
            new LinearSchedule(double.MaxValue, 0, 1_000),
            new CosineSchedule(1e300, 1_000),
            new ScaledSchedule(new CosineSchedule(1, 100), 1e300),
            new WarmupSchedule(new ConstantSchedule(1e39), 50),
        ];
        foreach (var schedule in schedules)
        {
            for (int length = 0; length <= 34; length++)
            {
                var floats = new float[length];
                schedule.Evaluate(0, floats);
                for (int i = 0; i < length; i++)
                {
                    float expected = ScheduleChecks.ExpectedSingle(schedule.GetLearningRate(i));
                    float f = floats[i];
                    check(float.IsFinite(f) && ScheduleChecks.UlpDistance(f, expected) <= ScheduleChecks.MaxFloatSpanUlps, () => Format("{0}: float[{1}] = {2:R}, expected {3:R} (saturated)", schedule, i, f, expected));
                }
            }
        }
    }

    /// <summary>GroupScales' vector pass equals the scalar products (rounded once to float), and a -0 scale gives +0.</summary>
    private static void CheckGroupScales(Action<bool, Func<string>> check)
    {
        var schedule = new CosineSchedule(0.1, 1_000, 1e-5);
        double lr = schedule.GetLearningRate(123);
        var random = new Random(20250613);
        for (int groups = 0; groups <= 40; groups++)
        {
            var scales = new float[groups];
            for (int g = 0; g < groups; g++)
            {
                scales[g] = g % 5 == 0 ? -0f : (float)random.NextDouble();
            }

            double[] wide = [.. scales.Select(s => (double)s)];
            var floats = new float[groups];
            var doubles = new double[groups];
            GroupScales.Evaluate(schedule, 123, scales, floats);
            GroupScales.Evaluate(schedule, 123, wide, doubles);
            for (int g = 0; g < groups; g++)
            {
                float expectedFloat = (float)(lr * scales[g]);
                double expectedDouble = lr * wide[g];
                float f = floats[g];
                double d = doubles[g];
                int group = g;
                check(f == expectedFloat && !float.IsNegative(f), () => Format("GroupScales float group {0} of {1} = {2:R}, expected {3:R} (+0 for a -0 scale)", group, scales.Length, f, expectedFloat));
                check(d == expectedDouble && !double.IsNegative(d), () => Format("GroupScales double group {0} of {1} = {2:R}, expected {3:R} (+0 for a -0 scale)", group, scales.Length, d, expectedDouble));
            }
        }
    }

    private static void Same(Action<bool, Func<string>> check, double scalar, double lane, string function, double x)
        => check(
            BitConverter.DoubleToInt64Bits(scalar) == BitConverter.DoubleToInt64Bits(lane),
            () => Format("{0}({1:R}): lane {2:R}, scalar twin {3:R}", function, x, lane, scalar));

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
