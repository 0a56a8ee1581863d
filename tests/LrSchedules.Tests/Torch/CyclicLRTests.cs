using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="CyclicLR"/>: argument rules (an optimizer with momentum when cycle_momentum, per-group lists of one value
/// or one per group, positive step sizes) and per-group behaviour computed independently with PyTorch's <c>get_lr</c>.
/// </summary>
public sealed class CyclicLRTests
{
    [Fact]
    public void Cycle_momentum_without_momentum_support_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new CyclicLR(new ParameterGroups(0.1), [0.01], [0.1]), "cycleMomentum")
            .Message.Should().Contain("momentum or beta1");

    [Fact]
    public void Cycle_momentum_false_needs_no_momentum_support()
        => new CyclicLR(new ParameterGroups(0.1), [0.01], [0.1], cycleMomentum: false).LastEpoch.Should().Be(0);

    [Fact]
    public void Base_lr_list_of_the_wrong_length_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new CyclicLR(new ParameterGroups([0.1, 0.1]), [0.01, 0.02, 0.03], [0.1], cycleMomentum: false), "baseLr")
            .Message.Should().Contain("(2); got 3");

    [Fact]
    public void Max_lr_list_of_the_wrong_length_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new CyclicLR(new ParameterGroups([0.1, 0.1, 0.1]), [0.01], [0.1, 0.2], cycleMomentum: false), "maxLr");

    [Fact]
    public void Base_momentum_list_of_the_wrong_length_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new CyclicLR(new ParameterGroups([0.1, 0.1], [0.9, 0.9]), [0.01], [0.1], baseMomentum: [0.8, 0.8, 0.8]), "baseMomentum");

    [Fact]
    public void Max_momentum_list_of_the_wrong_length_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new CyclicLR(new ParameterGroups([0.1, 0.1], [0.9, 0.9]), [0.01], [0.1], maxMomentum: [0.9, 0.9, 0.9]), "maxMomentum");

    [Fact]
    public void Non_finite_bound_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CyclicLR(new ParameterGroups(0.1), [0.01], [double.PositiveInfinity], cycleMomentum: false), "maxLr");

    [Fact]
    public void Null_base_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new CyclicLR(new ParameterGroups(0.1), null!, [0.1], cycleMomentum: false), "baseLr");

    [Fact]
    public void Null_max_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new CyclicLR(new ParameterGroups(0.1), [0.01], null!, cycleMomentum: false), "maxLr");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new CyclicLR(null!, [0.01], [0.1]), "groups");

    [Fact]
    public void Step_size_up_below_1_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CyclicLR(new ParameterGroups(0.1), [0.01], [0.1], stepSizeUp: 0, cycleMomentum: false), "stepSizeUp");

    [Fact]
    public void Step_size_down_below_1_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CyclicLR(new ParameterGroups(0.1), [0.01], [0.1], stepSizeUp: 4, stepSizeDown: 0, cycleMomentum: false), "stepSizeDown");

    [Fact]
    public void Unknown_mode_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new CyclicLR(new ParameterGroups(0.1), [0.01], [0.1], mode: (CyclicMode)9, cycleMomentum: false), "mode");

    [Fact]
    public void Non_finite_gamma_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CyclicLR(new ParameterGroups(0.1), [0.01], [0.1], mode: CyclicMode.ExpRange, gamma: double.NaN, cycleMomentum: false), "gamma");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new CyclicLR(new ParameterGroups(0.1), [0.01], [0.1], cycleMomentum: false, lastEpoch: 4), "lastEpoch");

    [Fact]
    public void Construction_resets_the_lr_to_base_lr_and_records_it_as_initial_lr()
    {
        // PyTorch sets group["lr"] = base_lr before LRScheduler.__init__ records initial_lr, so the optimizer's own lr is lost.
        var groups = new ParameterGroups([0.5, 0.7], [0.0, 0.0]);
        _ = new CyclicLR(groups, [0.01, 0.02], [0.1], stepSizeUp: 3);
        TorchAssert.Lrs(groups).Should().Equal(0.01, 0.02);
        groups.GetInitialLearningRate(0).Should().Be(0.01);
        groups.GetInitialLearningRate(1).Should().Be(0.02);
        groups.GetMomentum(0).Should().Be(0.9, "the momentum starts at max_momentum");
    }

    [Theory]
    [InlineData(CyclicMode.Triangular, 1.0)]
    [InlineData(CyclicMode.Triangular2, 1.0)]
    [InlineData(CyclicMode.ExpRange, 0.97)]
    public void Per_group_lrs_and_momentums_follow_pytorch(CyclicMode mode, double gamma)
    {
        double[] baseLrs = [0.001, 0.01], maxLrs = [0.1, 0.05], baseMomentums = [0.8, 0.85], maxMomentums = [0.9, 0.99];
        const int up = 3, down = 5;
        var groups = new ParameterGroups([1.0, 1.0], [0.5, 0.5]);
        var scheduler = new CyclicLR(groups, baseLrs, maxLrs, up, down, mode, gamma, baseMomentum: baseMomentums, maxMomentum: maxMomentums);

        for (long e = 0; e <= 40; e++)
        {
            var (lrs, momentums) = PyTorchGetLr(e, mode, gamma, up, down, baseLrs, maxLrs, baseMomentums, maxMomentums);
            for (int g = 0; g < 2; g++)
            {
                TorchAssert.BitIdentical(groups.GetLearningRate(g), lrs[g], "{0} lr of group {1} at step {2}", mode, g, e);
                TorchAssert.BitIdentical(groups.GetMomentum(g), momentums[g], "{0} momentum of group {1} at step {2}", mode, g, e);
            }

            scheduler.Step();
        }
    }

    [Fact]
    public void A_custom_scale_function_sees_the_cycle_or_the_iteration()
    {
        var seenCycle = new List<double>();
        var seenIterations = new List<double>();
        var g1 = new ParameterGroups(0.1);
        var byCycle = new CyclicLR(g1, [0.0], [1.0], 2, null, scaleFn: x => { seenCycle.Add(x); return 0.5; }, scaleMode: CyclicScaleMode.Cycle, cycleMomentum: false);
        var g2 = new ParameterGroups(0.1);
        var byIteration = new CyclicLR(g2, [0.0], [1.0], 2, null, scaleFn: x => { seenIterations.Add(x); return 0.5; }, scaleMode: CyclicScaleMode.Iterations, cycleMomentum: false);
        for (int k = 0; k < 6; k++)
        {
            byCycle.Step();
            byIteration.Step();
        }

        seenCycle.Should().Equal(1, 1, 1, 1, 2, 2, 2);
        seenIterations.Should().Equal(0, 1, 2, 3, 4, 5, 6);
        g1.GetLearningRate(0).Should().Be(g2.GetLearningRate(0));
    }

    /// <summary>PyTorch's <c>CyclicLR.get_lr</c> at <c>last_epoch = e</c>, with the built-in scale functions.</summary>
    private static (double[] Lrs, double[] Momentums) PyTorchGetLr(
        long e, CyclicMode mode, double gamma, int up, int down, double[] baseLrs, double[] maxLrs, double[] baseMomentums, double[] maxMomentums)
    {
        double stepSizeUp = up, stepSizeDown = down;
        double totalSize = stepSizeUp + stepSizeDown;
        double stepRatio = stepSizeUp / totalSize;
        double cycle = Math.Floor(1 + (e / totalSize));
        double x = 1.0 + (e / totalSize) - cycle;
        double scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        bool byCycle = mode != CyclicMode.ExpRange;
        double arg = byCycle ? cycle : e;
        double scale = mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => 1 / Math.Pow(2.0, arg - 1),
            _ => Math.Pow(gamma, arg),
        };
        var lrs = new double[baseLrs.Length];
        var momentums = new double[baseLrs.Length];
        for (int i = 0; i < lrs.Length; i++)
        {
            double baseHeight = (maxLrs[i] - baseLrs[i]) * scaleFactor;
            lrs[i] = baseLrs[i] + (baseHeight * scale);
            double momentumHeight = (maxMomentums[i] - baseMomentums[i]) * scaleFactor;
            momentums[i] = maxMomentums[i] - (momentumHeight * scale);
        }

        return (lrs, momentums);
    }
}
