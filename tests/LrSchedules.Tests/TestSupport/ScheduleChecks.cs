using System.Globalization;
using Xunit.Sdk;

namespace LrSchedules.Tests.TestSupport;

/// <summary>Checks shared by the per-schedule test classes.</summary>
internal static class ScheduleChecks
{
    /// <summary>2^53: the first step whose successor is not exactly representable as a double.</summary>
    public const long TwoTo53 = 1L << 53;

    /// <summary>Steps far past any horizon.</summary>
    public static readonly long[] FarSteps = [TwoTo53, TwoTo53 + 1, long.MaxValue / 2, long.MaxValue];

    /// <summary>The steps of the finiteness sweep: 0..200, each boundary and its neighbours, 2^31, 2^53 and long.MaxValue.</summary>
    public static IEnumerable<long> SweepSteps(params long[] boundaries)
    {
        var steps = new SortedSet<long>();
        for (long s = 0; s <= 200; s++)
        {
            steps.Add(s);
        }

        foreach (long b in boundaries)
        {
            foreach (long s in Neighbours(b))
            {
                steps.Add(s);
            }
        }

        steps.Add(1L << 31);
        steps.Add((1L << 31) - 1);
        steps.Add((1L << 31) + 1);
        foreach (long s in FarSteps)
        {
            steps.Add(s);
        }

        steps.Add(long.MaxValue - 1);
        return steps;
    }

    /// <summary>Asserts that every value of the sweep is finite and non-negative.</summary>
    public static void AssertFiniteNonNegative(ILearningRateSchedule schedule, params long[] boundaries)
    {
        foreach (long step in SweepSteps(boundaries))
        {
            double v = schedule.GetLearningRate(step);
            if (!double.IsFinite(v) || !(v >= 0))
            {
                throw new XunitException(string.Format(CultureInfo.InvariantCulture, "{0} at step {1} is {2:R}; expected a finite, non-negative value.", schedule, step, v));
            }
        }
    }

    /// <summary>
    /// Asserts that <c>Evaluate</c> into double and float spans equals <c>GetLearningRate</c> (rounded to float) element by
    /// element within <see cref="MaxUlps"/> (exactly at step 0 and at the given boundaries), for spans of length 0..70 starting at 0, around each boundary and far away, and for the spans that end
    /// exactly at <c>long.MaxValue</c>.
    /// </summary>
    public static void AssertEvaluateMatchesPointwise(ILearningRateSchedule schedule, params long[] boundaries)
        => AssertEvaluateMatches(schedule, boundaries, boundaries);

    /// <summary>
    /// <see cref="AssertEvaluateMatchesPointwise"/> with spans around <paramref name="steps"/> that need not be phase
    /// boundaries: exact only at step 0 and at the phase boundaries the schedule reports
    /// (<see cref="LearningRateSchedule.GetPhaseBoundaries"/>), within <see cref="MaxFloatSpanUlps"/> elsewhere.
    /// </summary>
    public static void AssertEvaluateMatchesAround(ILearningRateSchedule schedule, params long[] steps)
    {
        long last = steps.Length == 0 ? 0 : steps.Max() + 70;
        long[] boundaries = schedule is LearningRateSchedule own ? [.. own.GetPhaseBoundaries(0, last)] : [];
        AssertEvaluateMatches(schedule, steps, boundaries);
    }

    private static void AssertEvaluateMatches(ILearningRateSchedule schedule, long[] anchors, long[] boundaries)
    {
        var firsts = new SortedSet<long> { 0, 1, TwoTo53 - 35, long.MaxValue / 2 };
        foreach (long b in anchors)
        {
            foreach (long s in new[] { b - 70, b - 35, b - 1, b, b + 1 })
            {
                if (s >= 0 && s <= long.MaxValue - 70)
                {
                    firsts.Add(s);
                }
            }
        }

        double[] doubles = new double[70];
        float[] floats = new float[70];
        foreach (long first in firsts)
        {
            for (int length = 0; length <= 70; length++)
            {
                CheckRange(schedule, first, doubles.AsSpan(0, length), floats.AsSpan(0, length), boundaries);
            }
        }

        for (int length = 0; length <= 70; length++)
        {
            long first = long.MaxValue - length + 1;
            if (length == 0)
            {
                first = long.MaxValue;
            }

            CheckRange(schedule, first, doubles.AsSpan(0, length), floats.AsSpan(0, length), boundaries);
        }
    }

    /// <summary>
    /// The documented float value of a learning rate: rounded to nearest, a value above <see cref="float.MaxValue"/>
    /// saturating to it (never +inf; see <c>ILearningRateSchedule.Evaluate(long, Span&lt;float&gt;)</c>).
    /// </summary>
    public static float ExpectedSingle(double value) => (float)Math.Min(value, float.MaxValue);

    /// <summary>The span contract: at most this many ULP from the scalar value (exactly equal at phase boundaries).</summary>
    public const long MaxUlps = 4;

    /// <summary>
    /// How far (in float ULP) a float span may be from the saturated <c>(float)GetLearningRate</c> in fact, tighter than the
    /// documented <see cref="MaxUlps"/>: the kernels that compute in float lanes (inverse square root, the exponentials,
    /// exp-range, powers without a multiplication form) round a few times in float, measured at most 3 ULP over millions of
    /// random samples (docs/performance.md); the kernels that narrow double values are within 1 (the float cosine
    /// polynomials can round to the neighbour).
    /// </summary>
    public const long MaxFloatSpanUlps = 3;

    /// <summary>Distance in units in the last place between two finite doubles of the same sign.</summary>
    public static long UlpDistance(double a, double b)
        => a == b ? 0 : Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    /// <summary>Distance in units in the last place between two finite floats of the same sign.</summary>
    public static long UlpDistance(float a, float b)
        => a == b ? 0 : Math.Abs((long)BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));

    private static void CheckRange(ILearningRateSchedule schedule, long first, Span<double> doubles, Span<float> floats, long[] boundaries)
    {
        doubles.Fill(double.NaN);
        floats.Fill(float.NaN);
        schedule.Evaluate(first, doubles);
        schedule.Evaluate(first, floats);
        for (int i = 0; i < doubles.Length; i++)
        {
            long step = first + i;
            double expected = schedule.GetLearningRate(step);
            long allowed = step == 0 || Array.IndexOf(boundaries, step) >= 0 ? 0 : MaxUlps;
            if (!(UlpDistance(doubles[i], expected) <= allowed))
            {
                throw new XunitException(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: Evaluate({1}, double[{2}])[{3}] = {4:R} but GetLearningRate({5}) = {6:R}.",
                    schedule,
                    first,
                    doubles.Length,
                    i,
                    doubles[i],
                    step,
                    expected));
            }

            if (!(UlpDistance(floats[i], ExpectedSingle(expected)) <= allowed))
            {
                throw new XunitException(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: Evaluate({1}, float[{2}])[{3}] = {4:R} but the saturated (float)GetLearningRate({5}) = {6:R}.",
                    schedule,
                    first,
                    floats.Length,
                    i,
                    floats[i],
                    step,
                    ExpectedSingle(expected)));
            }
        }
    }

    /// <summary>Asserts equal objects with equal hash codes, via every equality entry point.</summary>
    public static void AssertValueEqual(object a, object b)
    {
        if (!a.Equals(b) || !b.Equals(a) || a.GetHashCode() != b.GetHashCode() || ReferenceEquals(a, b))
        {
            throw new XunitException("Expected two distinct, equal instances with equal hash codes: " + a + " and " + b + ".");
        }
    }

    /// <summary>Asserts that no two of the given objects are equal.</summary>
    public static void AssertAllDistinct(params object[] items)
    {
        for (int i = 0; i < items.Length; i++)
        {
            for (int j = 0; j < items.Length; j++)
            {
                if (i != j && items[i].Equals(items[j]))
                {
                    throw new XunitException("Expected items " + i + " and " + j + " to differ: " + items[i] + ".");
                }
            }
        }
    }

    private static IEnumerable<long> Neighbours(long b)
    {
        if (b > 0)
        {
            yield return b - 1;
        }

        if (b >= 0)
        {
            yield return b;
        }

        if (b >= -1 && b < long.MaxValue)
        {
            yield return b + 1;
        }
    }
}
