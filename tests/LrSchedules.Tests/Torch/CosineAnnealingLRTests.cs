using System.Globalization;
using FluentAssertions;
using LrSchedules.Torch;
using Xunit;
using Xunit.Abstractions;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="CosineAnnealingLR"/>: argument rules, and the recursive form reproduced bit for bit — written out here in
/// PyTorch's operation order — including its quirks past <c>T_max</c>.
/// </summary>
public sealed class CosineAnnealingLRTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void T_max_below_1_is_rejected(long value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(new ParameterGroups(0.1), value), "tMax");

    [Fact]
    public void Non_finite_eta_min_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(new ParameterGroups(0.1), 10, double.NegativeInfinity), "etaMin");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new CosineAnnealingLR(null!, 10), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new CosineAnnealingLR(new ParameterGroups(0.1), 10, lastEpoch: 5), "lastEpoch");

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(7L)]
    [InlineData(10L)]
    [InlineData(100L)]
    [InlineData(1000L)]
    public void Three_groups_over_three_t_max_are_bit_identical_to_the_pytorch_recursion(long tMax)
    {
        const double EtaMin = 0.001;
        double[] initial = [0.3, 0.02, 2.5];
        var groups = new ParameterGroups(initial);
        var scheduler = new CosineAnnealingLR(groups, tMax, EtaMin);

        // The initial step leaves the lr as it is (PyTorch: _is_initial).
        double[] expected = [.. initial];
        for (long e = 0; e <= 3 * tMax; e++)
        {
            if (e > 0)
            {
                scheduler.Step();
                for (int g = 0; g < expected.Length; g++)
                {
                    expected[g] = PyTorchRecursion(expected[g], initial[g], EtaMin, e, tMax);
                }
            }

            scheduler.LastEpoch.Should().Be(e);
            for (int g = 0; g < expected.Length; g++)
            {
                TorchAssert.BitIdentical(groups.GetLearningRate(g), expected[g], "T_max {0}, group {1}, step {2}", tMax, g, e);
                TorchAssert.BitIdentical(scheduler.GetLastLr()[g], expected[g], "get_last_lr(), group {0}, step {1}", g, e);
            }
        }
    }

    [Fact]
    public void Past_t_max_the_lr_rises_again_with_period_2_t_max()
    {
        const long TMax = 10;
        const double Base = 0.1, EtaMin = 0.001;
        var groups = new ParameterGroups(Base);
        var scheduler = new CosineAnnealingLR(groups, TMax, EtaMin);
        var lrs = new List<double> { groups.GetLearningRate(0) };
        for (int e = 1; e <= 4 * TMax; e++)
        {
            scheduler.Step();
            lrs.Add(groups.GetLearningRate(0));
        }

        lrs[(int)TMax].Should().Be(EtaMin, "the factor 1 + cos(pi) is exactly 0 at T_max");

        // At T_max + 1 PyTorch takes the (e - 1 - T_max) % (2 T_max) == 0 branch: an additive step from the minimum.
        TorchAssert.BitIdentical(lrs[(int)TMax + 1], EtaMin + ((Base - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2), "the restart branch at T_max + 1");
        for (int e = (int)TMax + 1; e <= 2 * TMax; e++)
        {
            lrs[e].Should().BeGreaterThan(lrs[e - 1], "the lr rises from T_max to 2 T_max (step {0})", e);
        }

        lrs[2 * (int)TMax].Should().BeApproximately(Base, 1e-15);
        lrs[3 * (int)TMax].Should().BeApproximately(EtaMin, 1e-15);
    }

    [Fact]
    public void The_recursion_is_not_the_closed_form_and_drifts_over_periods()
    {
        // Measured here (not assumed): the recursion matches the closed form eta_min + (base - eta_min)(1 + cos(pi e / T_max)) / 2
        // only to rounding, is not exactly periodic, and its deviation grows over many periods.
        const long TMax = 100;
        const int Periods = 100;
        var groups = new ParameterGroups(1.0);
        var scheduler = new CosineAnnealingLR(groups, TMax);
        var lrs = new double[(2 * TMax * Periods) + 1];
        lrs[0] = groups.GetLearningRate(0);
        for (int e = 1; e < lrs.Length; e++)
        {
            scheduler.Step();
            lrs[e] = groups.GetLearningRate(0);
        }

        double firstPeriod = 0, lastPeriod = 0;
        int notClosedForm = 0, notPeriodic = 0;
        for (int e = 0; e < lrs.Length; e++)
        {
            double closed = (1 + Math.Cos(Math.PI * e / TMax)) / 2;
            double deviation = Math.Abs(lrs[e] - closed);
            notClosedForm += lrs[e] != closed ? 1 : 0;
            notPeriodic += e + (2 * TMax) < lrs.Length && lrs[e] != lrs[e + (2 * TMax)] ? 1 : 0;
            if (e < 2 * TMax)
            {
                firstPeriod = Math.Max(firstPeriod, deviation);
            }
            else if (e >= lrs.Length - 1 - (2 * TMax))
            {
                lastPeriod = Math.Max(lastPeriod, deviation);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steps {lrs.Length}: {notClosedForm} differ from the closed form, {notPeriodic} from the value 2 T_max later; max |lr - closed| first period {firstPeriod:E2}, last period {lastPeriod:E2}"));
        notClosedForm.Should().BeGreaterThan(lrs.Length / 2);
        notPeriodic.Should().BeGreaterThan(lrs.Length / 2);
        firstPeriod.Should().BeLessThan(1e-14);
        lastPeriod.Should().BeGreaterThan(100 * firstPeriod, "the rounding errors of the recursion accumulate");
        lastPeriod.Should().BeLessThan(1e-10);
    }

    /// <summary>
    /// One step of PyTorch's <c>CosineAnnealingLR.get_lr()</c> (not initial, <c>_step_count</c> &gt; 1), in its operation order.
    /// </summary>
    private static double PyTorchRecursion(double lr, double baseLr, double etaMin, long lastEpoch, long tMax)
    {
        // Python's % is a floor modulo; "== 0" is the same test with C#'s truncating %.
        if ((lastEpoch - 1 - tMax) % (2 * tMax) == 0)
        {
            return lr + ((baseLr - etaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2);
        }

        return ((1 + Math.Cos(Math.PI * lastEpoch / tMax)) / (1 + Math.Cos(Math.PI * (lastEpoch - 1) / tMax)) * (lr - etaMin)) + etaMin;
    }

    [Theory]
    [InlineData(5L, 100L)]
    [InlineData(250L, 100L)]
    [InlineData(999L, 7L)]
    [InlineData(104L, 7L)]
    public void Resuming_at_a_last_epoch_keeps_the_groups_rate_then_recurs(long lastEpoch, long tMax)
    {
        // PyTorch 2.x: a scheduler constructed with last_epoch = n performs its initial step to n + 1, which (_is_initial)
        // returns the groups' learning rates as they are; the next step is the recursion, or the restart term where
        // e - 1 - T_max is a multiple of 2 T_max (last_epoch 104, T_max 7: 104 + 2 - 1 - 7 = 98 = 7 * 14).
        const double EtaMin = 0.001;
        const double Lr = 0.25;
        var groups = new ParameterGroups(Lr);
        groups.SetInitialLearningRate(0, 0.3);
        var cosine = new CosineAnnealingLR(groups, tMax, EtaMin, lastEpoch);
        long e = lastEpoch + 1;
        cosine.LastEpoch.Should().Be(e);
        cosine.BaseLearningRates.ToArray().Should().Equal(0.3);
        groups.GetLearningRate(0).Should().Be(Lr);

        cosine.Step();
        double next = (e - tMax) % (2 * tMax) == 0
            ? Lr + ((0.3 - EtaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2)
            : ((1 + Math.Cos(Math.PI * (e + 1) / tMax)) / (1 + Math.Cos(Math.PI * e / tMax)) * (Lr - EtaMin)) + EtaMin;
        groups.GetLearningRate(0).Should().Be(Math.Max(next, 0));
    }

    [Fact]
    public void A_chain_counts_the_cosine_amplification_toward_its_1e200_bound()
    {
        // The rising half multiplies the distance from eta_min by up to 2 / (1 - cos(pi / T_max)), about 4 T_max^2 / pi^2
        // (4.05e5 for T_max 1000), bounded with a margin as 2 + 16 / (1 - cos(pi / T_max)), 3.24e6. A MultiStepLR raising
        // the learning rate by 1e193 fits under 1e200 with it; by 1e194 it does not.
        static ChainedScheduler Chain(int milestones)
        {
            var g = new ParameterGroups(1e-100);
            return new ChainedScheduler(g, [new MultiStepLR(g, Enumerable.Range(1, milestones).Select(i => (long)i), 10), new CosineAnnealingLR(g, 1000)]);
        }

        FluentActions.Invoking(() => Chain(193)).Should().NotThrow();
        FluentActions.Invoking(() => Chain(194)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("schedulers");
    }
}
