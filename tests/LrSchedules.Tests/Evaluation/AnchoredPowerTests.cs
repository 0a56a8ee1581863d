using FluentAssertions;
using LrSchedules.Internal;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Evaluation;

/// <summary>
/// The polynomial decays' weight for powers without a multiplication form (<see cref="AnchoredPower"/>): one
/// <c>2^(p log2 x)</c> per block of 64 positions and a binomial series for the rest. Its values stay within the
/// logarithm's error times the power of <see cref="Math.Pow"/> on both sides of the anchoring floor, double spans are the scalar values bit for
/// bit whatever the alignment of the span to the blocks, and float spans stay within the float bound.
/// </summary>
public sealed class AnchoredPowerTests
{
    /// <summary>Powers across the range: below 1 (DeepLab's 0.9), fractional, large (the series coefficients grow with the power).</summary>
    public static TheoryData<double> Powers => new() { 0.1, 0.9, 1.5, 2.5, 3.7, 12.3, 37.0 };

    [Theory]
    [MemberData(nameof(Powers))]
    public void Values_are_within_the_logarithms_error_of_Math_Pow_on_both_sides_of_the_floor(double power)
    {
        const long decay = 2_000_000;
        var schedule = new PolynomialSchedule(0.5, 1e-6, decay, power);
        double floor = 4096 * Math.Max(1, power);
        var random = new Random(7);
        var steps = new List<long>();
        for (int i = 0; i < 4000; i++)
        {
            steps.Add(random.NextInt64(1, decay));
        }

        // Positions k = decay - t around the floor and around block edges (k = 64 m and 64 m +- 1).
        for (long k = (long)floor - 200; k <= (long)floor + 200; k++)
        {
            steps.Add(decay - k);
        }

        foreach (long t in steps)
        {
            double k = decay - t;
            double expected = 1e-6 + ((0.5 - 1e-6) * Math.Pow(k / decay, power));
            double actual = schedule.GetLearningRate(t);
            // 2^(p log2 x) carries the logarithm's few ULP times the power: about 4e-15 (1 + |p log2 x|) relative.
            double tolerance = 4e-15 * (1 + Math.Abs(power * Math.Log2(k / decay)));
            actual.Should().BeApproximately(expected, (tolerance * expected) + 1e-300, $"power {power} at step {t} (k = {k})");
        }
    }

    [Theory]
    [MemberData(nameof(Powers))]
    public void Double_spans_are_the_scalar_values_bit_for_bit_at_every_alignment(double power)
    {
        const long decay = 1_000_000;
        foreach (var schedule in new ILearningRateSchedule[]
        {
            new PolynomialSchedule(0.1, 1e-5, decay, power),
            new PolynomialSchedule(0.1, 0, decay / 10, power, cycle: true),
            new AnnealSchedule(0.3, 2e-4, decay, DecayShape.Power, power),
        })
        {
            var random = new Random(11);
            double floor = 4096 * Math.Max(1, power);
            // Span starts at every offset within a block, near the floor, at the start and near the end.
            var starts = new List<long> { 0, 1, 2, 63, 64, 65, 127, decay - (long)floor - 300, decay - 1000, decay - 1 };
            for (int i = 0; i < 40; i++)
            {
                starts.Add(random.NextInt64(0, decay + 5000));
            }

            foreach (long first in starts.Where(s => s >= 0))
            {
                int length = 1 + random.Next(3000);
                var span = new double[length];
                schedule.Evaluate(first, span);
                for (int i = 0; i < length; i++)
                {
                    double scalar = schedule.GetLearningRate(first + i);
                    if (BitConverter.DoubleToInt64Bits(span[i]) != BitConverter.DoubleToInt64Bits(scalar))
                    {
                        Assert.Fail($"{schedule} power {power}: span from {first} differs at step {first + i}: {span[i]:R} vs {scalar:R}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Powers))]
    public void Float_spans_through_the_blocks_stay_within_the_float_bound(double power)
    {
        const long decay = 1_500_000;
        var schedule = new PolynomialSchedule(0.8, 0, decay, power);
        var floats = new float[decay + 10];
        schedule.Evaluate(0, floats);
        long worst = 0;
        for (int t = 0; t < floats.Length; t += 7)
        {
            worst = Math.Max(worst, ScheduleChecks.UlpDistance(floats[t], ScheduleChecks.ExpectedSingle(schedule.GetLearningRate(t))));
        }

        worst.Should().BeLessThanOrEqualTo(ScheduleChecks.MaxFloatSpanUlps);
    }

    [Fact]
    public void The_binomial_coefficients_are_those_of_the_power()
    {
        // (1 - u)^p - 1 = sum c_i u^i with c_i = C(p, i) (-1)^i: for p = 2.5, -2.5, 1.875, -0.3125, -0.0390625, -0.01171875.
        var (c1, c2, c3, c4, c5) = new AnchoredPower(2.5, new Interpolant(0, 1), 1).FloatCoefficients;
        new[] { c1, c2, c3, c4, c5 }.Should().Equal(-2.5, 1.875, -0.3125, -0.0390625, -0.01171875);
    }

    [Fact]
    public void A_weight_below_2_pow_minus_960_takes_the_direct_form()
    {
        // Power 1000 over 10^8 steps: anchors above the floor (4,096,000) whose weight (a / den)^1000 is below 2^-960
        // (a / den < 0.514) take 2^(p log2 x) directly; the values on both sides stay accurate and the spans exact.
        const long decay = 100_000_000;
        var schedule = new PolynomialSchedule(1e300, 0, decay, 1000);
        foreach (double x in new[] { 0.9, 0.6, 0.52, 0.514, 0.51, 0.3, 0.05 })
        {
            long t = decay - (long)(x * decay);
            double k = decay - t;
            double expected = 1e300 * Math.Pow(k / decay, 1000);
            schedule.GetLearningRate(t).Should().BeApproximately(expected, 2e-12 * expected, $"at x = {x}");
            var span = new double[300];
            schedule.Evaluate(t - 150, span);
            for (int i = 0; i < span.Length; i++)
            {
                span[i].Should().Be(schedule.GetLearningRate(t - 150 + i));
            }
        }
    }
}
