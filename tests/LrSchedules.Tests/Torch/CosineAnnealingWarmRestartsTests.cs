using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="CosineAnnealingWarmRestarts"/>: PyTorch's rules (positive integer T_0, integer T_mult &gt;= 1, non-negative
/// epoch), the fractional <c>step(epoch)</c>, and the exact cycle search where PyTorch's <c>int(math.log(...))</c> is one
/// cycle short.
/// </summary>
public sealed class CosineAnnealingWarmRestartsTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(-10L)]
    public void T0_below_1_is_rejected(long value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), value), "t0");

    [Theory]
    [InlineData(0L)]
    [InlineData(-2L)]
    public void T_mult_below_1_is_rejected(long value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 10, value), "tMult");

    [Fact]
    public void Non_finite_eta_min_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 10, 1, double.NaN), "etaMin");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new CosineAnnealingWarmRestarts(null!, 10), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 10, lastEpoch: 3), "lastEpoch");

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Negative_or_non_finite_epoch_is_rejected(double value)
    {
        var groups = new ParameterGroups(0.1);
        var scheduler = new CosineAnnealingWarmRestarts(groups, 10, 2);
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => scheduler.Step(value), "epoch");
        scheduler.LastEpoch.Should().Be(0);
        groups.GetLearningRate(0).Should().Be(0.1);
    }

    [Theory]
    [InlineData(0.5, 0.5, 10L, 0L)]
    [InlineData(9.99, 9.99, 10L, 9L)]
    [InlineData(10.0, 0.0, 20L, 10L)]
    [InlineData(10.5, 0.5, 20L, 10L)]
    [InlineData(29.999, 19.999, 20L, 29L)]
    [InlineData(30.0, 0.0, 40L, 30L)]
    [InlineData(70.25, 0.25, 80L, 70L)]
    public void Fractional_epochs_follow_pytorch(double epoch, double tCur, long tI, long lastEpoch)
    {
        const double BaseLr = 0.1, EtaMin = 0.001;
        var groups = new ParameterGroups(BaseLr);
        var scheduler = new CosineAnnealingWarmRestarts(groups, 10, 2, EtaMin);
        scheduler.Step(epoch);

        // PyTorch's step(epoch) for T_0 = 10, T_mult = 2: n = int(log(epoch / T_0 * (T_mult - 1) + 1, T_mult)), exact here.
        var (pyTCur, pyTI) = PyTorchCycle(epoch, 10, 2);
        pyTI.Should().Be(tI);
        scheduler.TI.Should().Be(tI);
        scheduler.LastEpoch.Should().Be(lastEpoch, "last_epoch = floor(epoch)");
        TorchAssert.BitIdentical(scheduler.TCur, pyTCur, "T_cur at epoch {0}", epoch);
        scheduler.TCur.Should().BeApproximately(tCur, 1e-12);
        TorchAssert.BitIdentical(groups.GetLearningRate(0), EtaMin + ((BaseLr - EtaMin) * (1 + Math.Cos(Math.PI * pyTCur / pyTI)) / 2), "lr at epoch {0}", epoch);
        scheduler.GetLastLr()[0].Should().Be(groups.GetLearningRate(0));
    }

    [Fact]
    public void Stepping_after_an_explicit_epoch_continues_from_it()
    {
        // PyTorch's docstring: step(26) then step() is step(27), not step(20).
        var a = new ParameterGroups(0.1);
        var interleaved = new CosineAnnealingWarmRestarts(a, 10, 2);
        for (int i = 0; i < 20; i++)
        {
            interleaved.Step();
        }

        interleaved.Step(26);
        interleaved.Step();

        var b = new ParameterGroups(0.1);
        var direct = new CosineAnnealingWarmRestarts(b, 10, 2);
        direct.Step(27);

        interleaved.LastEpoch.Should().Be(27);
        interleaved.TCur.Should().Be(direct.TCur);
        interleaved.TI.Should().Be(direct.TI);
        a.GetLearningRate(0).Should().Be(b.GetLearningRate(0));
    }

    [Fact]
    public void Exact_restart_at_epoch_121_with_t0_1_and_t_mult_3_starts_cycle_5()
    {
        // Restarts of T_0 = 1, T_mult = 3 are at 1, 4, 13, 40, 121: epoch 121 starts cycle 5 (length 3^5 = 243).
        // PyTorch computes n = int(math.log(121 / 1 * (3 - 1) + 1, 3)) = int(log(243) / log(3)) = int(4.999999999999999) = 4,
        // so it puts epoch 121 at the end of cycle 4 (T_cur = T_i = 81) and sets the lr to eta_min instead of the base lr.
        double pyN = Math.Log(243.0) / Math.Log(3.0);
        pyN.Should().BeLessThan(5.0, "the floating-point log lands just below 5, as in Python");
        ((long)pyN).Should().Be(4);

        const double BaseLr = 0.2, EtaMin = 0.002;
        var groups = new ParameterGroups(BaseLr);
        var scheduler = new CosineAnnealingWarmRestarts(groups, 1, 3, EtaMin);
        scheduler.Step(121.0);
        scheduler.TI.Should().Be(243);
        scheduler.TCur.Should().Be(0.0);
        scheduler.LastEpoch.Should().Be(121);
        groups.GetLearningRate(0).Should().Be(BaseLr, "T_cur = 0 gives eta_min + (base - eta_min) * (1 + cos 0) / 2 = base");

        // The fractional epochs around the restart agree with the integer stepping too.
        scheduler.Step(120.5);
        scheduler.TI.Should().Be(81);
        scheduler.TCur.Should().Be(80.5);
        scheduler.Step(121.5);
        scheduler.TI.Should().Be(243);
        scheduler.TCur.Should().Be(0.5);
    }

    [Fact]
    public void Explicit_epochs_agree_with_integer_stepping_at_every_step()
    {
        // step() advances T_cur exactly; step(epoch) must find the same cycle at every integer epoch, including every restart.
        foreach (var (t0, tMult) in new[] { (1L, 3L), (1L, 2L), (3L, 2L), (2L, 5L), (5L, 1L) })
        {
            var stepped = new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), t0, tMult);
            for (long e = 1; e <= 2000; e++)
            {
                stepped.Step();
                var jumped = new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), t0, tMult);
                jumped.Step((double)e);
                jumped.TI.Should().Be(stepped.TI, "T_0 = {0}, T_mult = {1}, epoch {2}", t0, tMult, e);
                jumped.TCur.Should().Be(stepped.TCur, "T_0 = {0}, T_mult = {1}, epoch {2}", t0, tMult, e);
                jumped.Groups.GetLearningRate(0).Should().Be(stepped.Groups.GetLearningRate(0));
            }
        }
    }

    /// <summary>PyTorch's <c>step(epoch)</c> cycle search (for epochs where its floating-point log is exact).</summary>
    private static (double TCur, long TI) PyTorchCycle(double epoch, long t0, long tMult)
    {
        if (epoch < t0)
        {
            return (epoch, t0);
        }

        if (tMult == 1)
        {
            return (epoch % t0, t0);
        }

        // math.log(x, base) is log(x) / log(base).
        long n = (long)(Math.Log((epoch / t0 * (tMult - 1)) + 1) / Math.Log(tMult));
        long power = 1;
        for (long i = 0; i < n; i++)
        {
            power *= tMult;
        }

        // epoch - T_0 * (T_mult ** n - 1) / (T_mult - 1): an integer product, then Python's true division.
        double tCur = epoch - ((double)(t0 * (power - 1)) / (tMult - 1));
        return (tCur, t0 * power);
    }

    [Theory]
    [InlineData(3L, 2L)]
    [InlineData(5L, 1L)]
    [InlineData(1L, 3L)]
    public void Skipping_leaves_the_state_that_stepping_does_at_and_around_every_restart(long t0, long tMult)
    {
        // Random access passes over the steps of this path-independent class with Skip (which leaves the rates to the
        // step after it); the counters must then be what Step() gives, also when the skip ends exactly on a restart
        // (T_cur back to 0, T_i grown), and the next step the same rate.
        var g = new ParameterGroups(0.1);
        var stepped = new CosineAnnealingWarmRestarts(g, t0, tMult, 0.001);
        for (long k = 0; k <= 60; k++)
        {
            var h = new ParameterGroups(0.1);
            var skipped = new CosineAnnealingWarmRestarts(h, t0, tMult, 0.001);
            skipped.Skip(k);
            (skipped.LastEpoch, skipped.TCur, skipped.TI).Should().Be((stepped.LastEpoch, stepped.TCur, stepped.TI), "T_0 {0}, T_mult {1}, {2} steps", t0, tMult, k);
            stepped.Step();
            skipped.Step();
            h.GetLearningRate(0).Should().Be(g.GetLearningRate(0), "T_0 {0}, T_mult {1}, the step after {2}", t0, tMult, k);
        }
    }

    [Fact]
    public void At_2_pow_50_it_refuses_to_step_and_changes_nothing()
        => TorchAssert.RefusesToStepAt2Pow50(new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 10, 2), "CosineAnnealingWarmRestarts");

    [Fact]
    public void A_state_whose_T_i_is_no_cycle_length_is_rejected_with_a_constant_cycle_too()
    {
        var scheduler = new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 10);
        var state = scheduler.SaveState();
        state["T_i"] = 20;
        FluentActions.Invoking(() => scheduler.LoadState(state)).Should().Throw<ArgumentException>()
            .WithMessage("state.T_i is 20, not a cycle length of this scheduler (T_0 * T_mult^k, T_0 = 10, T_mult = 1).*");
    }
}
