using System.Globalization;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace LrSchedules.Tests.Evaluation;

/// <summary>
/// The families whose float spans compute in float lanes (docs/performance.md, accuracy contract), each over random
/// schedules and random first steps with a fixed seed: every float value within
/// <see cref="ScheduleChecks.MaxFloatSpanUlps"/> of the saturated <c>(float)GetLearningRate</c>, with the distribution
/// written to the test output (the sweep behind the documented per-family maxima, at a tenth of its size).
/// </summary>
public sealed class FloatLaneAccuracyTests(ITestOutputHelper output)
{
    private const int Schedules = 40;
    private const int Steps = 10_000;

    public static TheoryData<string> Families => new(Makers.Keys);

    private static readonly Dictionary<string, (Func<Random, ILearningRateSchedule> Make, long MaxFirst)> Makers = new(StringComparer.Ordinal)
    {
        ["inverse-sqrt"] = (r => new InverseSqrtSchedule(LogUniform(r, 1e-6, 10), LogUniform(r, 1, 1e5), r.Next(2) == 0 ? null : LogUniform(r, 0.01, 1e5)), 1_000_000_000),
        ["exponential"] = (r => new ExponentialSchedule(LogUniform(r, 1e-6, 10), 0.5 + (0.5 * r.NextDouble()), (long)LogUniform(r, 1, 1e5)), 1_000_000),
        ["exponential-growth-capped"] = (r => new ExponentialSchedule(LogUniform(r, 1e-6, 1e-3), 1 + r.NextDouble(), (long)LogUniform(r, 1, 1e3), endValue: 0.5), 0),
        ["anneal-geometric"] = (r => new AnnealSchedule(LogUniform(r, 1e-3, 1), LogUniform(r, 1e-8, 1e-4), r.Next(10, 100_000), DecayShape.Exponential), 0),
        ["warmup-exponential"] = (r => new WarmupSchedule(new ConstantSchedule(0.1), r.Next(10, 100_000), LogUniform(r, 1e-8, 1e-3), WarmupShape.Exponential), 0),
        ["exp-range"] = (r => new CyclicSchedule(LogUniform(r, 1e-5, 1e-2), LogUniform(r, 0.02, 1), r.Next(2, 5_000), r.Next(2, 5_000), CyclicMode.ExpRange, gamma: 1 - LogUniform(r, 1e-7, 1e-2)), 100_000),
        ["polynomial-fractional"] = (r => new PolynomialSchedule(LogUniform(r, 1e-3, 1), r.Next(2) == 0 ? 0 : LogUniform(r, 1e-8, 1e-4), r.Next(10, 2_000_000), power: 0.1 + (6 * r.NextDouble()), cycle: r.Next(2) == 0), 2_000_000),
        ["polynomial-large-power"] = (r => new PolynomialSchedule(LogUniform(r, 1e-3, 1), 0, r.Next(10, 2_000_000), power: 10 + (40 * r.NextDouble())), 2_000_000),
        ["linear"] = (r => new LinearSchedule(LogUniform(r, 1e-6, 1), r.Next(2) == 0 ? 0 : LogUniform(r, 1e-6, 1), r.Next(1, 3_000_000), transitionBegin: r.Next(0, 100)), 3_000_000),
        ["warmup-linear"] = (r => new WarmupSchedule(new ConstantSchedule(LogUniform(r, 1e-3, 1)), r.Next(1, 100_000), LogUniform(r, 1e-8, 1e-3)), 0),
        ["cosine"] = (r => new CosineSchedule(LogUniform(r, 1e-6, 1), r.Next(1, 3_000_000), r.Next(2) == 0 ? 0 : LogUniform(r, 1e-8, 1e-3)), 3_000_000),
        ["warmup-cosine"] = (r => new WarmupSchedule(new ConstantSchedule(LogUniform(r, 1e-3, 1)), r.Next(1, 100_000), r.Next(2) == 0 ? 0 : LogUniform(r, 1e-8, 1e-3), WarmupShape.Cosine), 0),
        ["piecewise-cosine"] = (r => new PiecewiseInterpolationSchedule([0, r.Next(1, 50_000), 200_000], [LogUniform(r, 1e-6, 1), LogUniform(r, 1e-6, 1), LogUniform(r, 1e-6, 1)], Interpolation.Cosine), 200_000),
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Float_lanes_stay_within_the_bound_over_random_schedules(string family)
    {
        var (make, maxFirst) = Makers[family];
        var random = new Random(family.Length * 7919);
        var histogram = new long[(int)ScheduleChecks.MaxFloatSpanUlps + 2];
        var floats = new float[Steps];
        long worst = 0;
        string at = "none";
        for (int s = 0; s < Schedules; s++)
        {
            var schedule = make(random);
            long first = maxFirst == 0 ? 0 : random.NextInt64(maxFirst);
            schedule.Evaluate(first, floats);
            for (int i = 0; i < Steps; i++)
            {
                float expected = ScheduleChecks.ExpectedSingle(schedule.GetLearningRate(first + i));
                long ulps = ScheduleChecks.UlpDistance(floats[i], expected);
                histogram[Math.Min(ulps, histogram.Length - 1)]++;
                if (ulps > worst)
                {
                    worst = ulps;
                    at = string.Format(CultureInfo.InvariantCulture, "{0} at step {1}: {2:R} vs {3:R}", schedule, first + i, floats[i], expected);
                }
            }
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: max {1} ULP, values at 0/1/2/3/more ULP: {2}; worst {3}", family, worst, string.Join("/", histogram), at));
        Assert.True(worst <= ScheduleChecks.MaxFloatSpanUlps, family + ": " + worst + " ULP, " + at);
    }

    private static double LogUniform(Random random, double low, double high) => Math.Exp(Math.Log(low) + (random.NextDouble() * (Math.Log(high) - Math.Log(low))));
}
