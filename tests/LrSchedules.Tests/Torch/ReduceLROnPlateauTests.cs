using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="ReduceLROnPlateau"/>: argument rules (PyTorch: factor &lt; 1, min_lr one value or one per group) and per-group
/// min_lr, eps, cooldown and NaN metrics, checked against PyTorch's <c>step(metrics)</c> written out in the test.
/// </summary>
public sealed class ReduceLROnPlateauTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Factor_outside_0_1_is_rejected(double value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(new ParameterGroups(0.1), factor: value), "factor")
            .Message.Should().Contain("factor should be < 1.0");

    [Fact]
    public void Min_lr_list_of_the_wrong_length_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new ReduceLROnPlateau(new ParameterGroups([0.1, 0.1, 0.1]), minLr: [0.0, 0.0]), "minLr")
            .Message.Should().Contain("(3); got 2");

    [Fact]
    public void Non_finite_min_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(new ParameterGroups(0.1), minLr: [double.NaN]), "minLr");

    [Fact]
    public void Negative_patience_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(new ParameterGroups(0.1), patience: -1), "patience");

    [Fact]
    public void Negative_cooldown_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(new ParameterGroups(0.1), cooldown: -1), "cooldown");

    [Fact]
    public void Negative_threshold_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(new ParameterGroups(0.1), threshold: -1e-4), "threshold");

    [Fact]
    public void Negative_eps_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(new ParameterGroups(0.1), eps: -1e-8), "eps");

    [Fact]
    public void Unknown_mode_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new ReduceLROnPlateau(new ParameterGroups(0.1), mode: (PlateauMode)5), "mode");

    [Fact]
    public void Unknown_threshold_mode_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new ReduceLROnPlateau(new ParameterGroups(0.1), thresholdMode: (ThresholdMode)5), "thresholdMode");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new ReduceLROnPlateau(null!), "groups");

    [Fact]
    public void Construction_does_not_step()
    {
        var groups = new ParameterGroups(0.1);
        var scheduler = new ReduceLROnPlateau(groups);
        scheduler.LastEpoch.Should().Be(0);
        groups.GetInitialLearningRate(0).Should().BeNull("ReduceLROnPlateau is not an LRScheduler in this sense and records no initial_lr");
        scheduler.GetLastLr().ToArray().Should().Equal(0.1);
    }

    [Fact]
    public void Per_group_min_lr_bounds_each_group()
    {
        var groups = new ParameterGroups([1.0, 0.5]);
        var scheduler = new ReduceLROnPlateau(groups, factor: 0.5, patience: 1, minLr: [0.3, 0.001]);
        var reference = new PyTorchPlateau(PlateauMode.Min, 0.5, 1, 1e-4, ThresholdMode.Rel, 0, [0.3, 0.001], 1e-8);
        double[] lrs = [1.0, 0.5];
        for (int k = 0; k < 40; k++)
        {
            scheduler.Step(1.0);
            reference.Step(1.0, lrs);
            TorchAssert.Lrs(groups).Should().Equal(lrs, "step {0}", k);
        }

        TorchAssert.Lrs(groups).Should().Equal(0.3, 0.001);
    }

    [Fact]
    public void Reductions_smaller_than_eps_are_ignored()
    {
        // Group 0 would lose 1e-3 * 0.01 = 1e-5 per reduction, less than eps = 1e-4: PyTorch keeps its lr.
        var groups = new ParameterGroups([1e-3, 1.0]);
        var scheduler = new ReduceLROnPlateau(groups, factor: 0.99, patience: 0, eps: 1e-4);
        var reference = new PyTorchPlateau(PlateauMode.Min, 0.99, 0, 1e-4, ThresholdMode.Rel, 0, [0.0, 0.0], 1e-4);
        double[] lrs = [1e-3, 1.0];
        for (int k = 0; k < 30; k++)
        {
            scheduler.Step(5.0);
            reference.Step(5.0, lrs);
            TorchAssert.Lrs(groups).Should().Equal(lrs, "step {0}", k);
        }

        groups.GetLearningRate(0).Should().Be(1e-3);
        groups.GetLearningRate(1).Should().BeLessThan(0.8);
    }

    [Fact]
    public void Cooldown_suspends_counting_after_a_reduction()
    {
        // patience 0, cooldown 2, no improvement after the first metric: reductions at steps 2, 5, 8, ... (1-based).
        var groups = new ParameterGroups(1.0);
        var scheduler = new ReduceLROnPlateau(groups, factor: 0.5, patience: 0, cooldown: 2);
        var reductions = new List<int>();
        double previous = 1.0;
        for (int step = 1; step <= 12; step++)
        {
            scheduler.Step(1.0);
            if (groups.GetLearningRate(0) < previous)
            {
                reductions.Add(step);
                scheduler.CooldownCounter.Should().Be(2);
            }

            previous = groups.GetLearningRate(0);
        }

        reductions.Should().Equal(2, 5, 8, 11);
        groups.GetLearningRate(0).Should().Be(1.0 / 16);
    }

    [Theory]
    [InlineData(PlateauMode.Min, ThresholdMode.Rel)]
    [InlineData(PlateauMode.Min, ThresholdMode.Abs)]
    [InlineData(PlateauMode.Max, ThresholdMode.Rel)]
    [InlineData(PlateauMode.Max, ThresholdMode.Abs)]
    public void A_nan_metric_never_improves(PlateauMode mode, ThresholdMode thresholdMode)
    {
        double good = mode == PlateauMode.Min ? 0.5 : 2.0;
        double[] metrics = [double.NaN, 1.0, double.NaN, double.NaN, good, double.NaN, double.NaN, double.NaN, 1.0, double.NaN];
        var groups = new ParameterGroups([0.1, 0.2]);
        var scheduler = new ReduceLROnPlateau(groups, mode, factor: 0.5, patience: 1, threshold: 0.01, thresholdMode: thresholdMode, cooldown: 1, minLr: [0.0, 0.06]);
        var reference = new PyTorchPlateau(mode, 0.5, 1, 0.01, thresholdMode, 1, [0.0, 0.06], 1e-8);
        double[] lrs = [0.1, 0.2];
        for (int k = 0; k < metrics.Length; k++)
        {
            scheduler.Step(metrics[k]);
            reference.Step(metrics[k], lrs);
            TorchAssert.Lrs(groups).Should().Equal(lrs, "step {0}", k);
            scheduler.Best.Should().Be(reference.Best, "step {0}", k);
            scheduler.NumBadEpochs.Should().Be(reference.NumBadEpochs, "step {0}", k);
            scheduler.CooldownCounter.Should().Be(reference.CooldownCounter, "step {0}", k);
            double.IsNaN(scheduler.Best).Should().BeFalse("NaN never becomes the best");
        }

        // The first NaN left best at its worst; 1.0 then improved on it; the later NaNs counted as bad epochs.
        scheduler.Best.Should().Be(mode == PlateauMode.Min ? Math.Min(1.0, good) : Math.Max(1.0, good));
        groups.GetLearningRate(0).Should().BeLessThan(0.1);
    }

    [Fact]
    public void Random_metrics_match_the_reference_in_every_mode()
    {
        var random = new Random(1234);
        foreach (PlateauMode mode in Enum.GetValues<PlateauMode>())
        {
            foreach (ThresholdMode thresholdMode in Enum.GetValues<ThresholdMode>())
            {
                var groups = new ParameterGroups([0.1, 0.05, 1.0]);
                double[] minLr = [1e-4, 0.01, 0.0];
                var scheduler = new ReduceLROnPlateau(groups, mode, 0.7, 2, 0.05, thresholdMode, 3, minLr, 1e-6);
                var reference = new PyTorchPlateau(mode, 0.7, 2, 0.05, thresholdMode, 3, minLr, 1e-6);
                double[] lrs = [0.1, 0.05, 1.0];
                for (int k = 0; k < 500; k++)
                {
                    double metric = random.Next(10) == 0 ? double.NaN : Math.Round(random.NextDouble() * 10, 1);
                    scheduler.Step(metric);
                    reference.Step(metric, lrs);
                    TorchAssert.Lrs(groups).Should().Equal(lrs, "{0}/{1} step {2}", mode, thresholdMode, k);
                    scheduler.GetLastLr().ToArray().Should().Equal(lrs);
                    scheduler.LastEpoch.Should().Be(k + 1);
                }
            }
        }
    }

    /// <summary>PyTorch's <c>ReduceLROnPlateau.step(metrics)</c>, written out.</summary>
    private sealed class PyTorchPlateau(PlateauMode mode, double factor, long patience, double threshold, ThresholdMode thresholdMode, long cooldown, double[] minLrs, double eps)
    {
        public double Best { get; private set; } = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

        public long NumBadEpochs { get; private set; }

        public long CooldownCounter { get; private set; }

        public void Step(double current, double[] lrs)
        {
            if (IsBetter(current, Best))
            {
                Best = current;
                NumBadEpochs = 0;
            }
            else
            {
                NumBadEpochs++;
            }

            if (CooldownCounter > 0)
            {
                CooldownCounter--;
                NumBadEpochs = 0;
            }

            if (NumBadEpochs > patience)
            {
                for (int i = 0; i < lrs.Length; i++)
                {
                    double oldLr = lrs[i];
                    double newLr = Math.Max(oldLr * factor, minLrs[i]);
                    if (oldLr - newLr > eps)
                    {
                        lrs[i] = newLr;
                    }
                }

                CooldownCounter = cooldown;
                NumBadEpochs = 0;
            }
        }

        private bool IsBetter(double a, double best) => (mode, thresholdMode) switch
        {
            (PlateauMode.Min, ThresholdMode.Rel) => a < best * (1.0 - threshold),
            (PlateauMode.Min, ThresholdMode.Abs) => a < best - threshold,
            (PlateauMode.Max, ThresholdMode.Rel) => a > best * (threshold + 1.0),
            _ => a > best + threshold,
        };
    }

    [Theory]
    [InlineData(PlateauMode.Min, "Infinity")]
    [InlineData(PlateauMode.Max, "-Infinity")]
    public void A_fresh_state_saves_its_infinite_best_as_text_and_loads_back(PlateauMode mode, string best)
    {
        // JSON has no infinity: the best before any metric is written as PyTorch's float('inf') prints.
        var scheduler = new ReduceLROnPlateau(new ParameterGroups(0.1), mode);
        var state = scheduler.SaveState();
        state["best"]!.GetValue<string>().Should().Be(best);
        var other = new ReduceLROnPlateau(new ParameterGroups(0.1), mode);
        other.Step(5);
        other.LoadState(System.Text.Json.Nodes.JsonNode.Parse(state.ToJsonString())!.AsObject());
        other.Best.Should().Be(mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity);
        other.SaveState().ToJsonString().Should().Be(state.ToJsonString());
    }

    [Fact]
    public void Loading_a_null_state_is_rejected()
        => FluentActions.Invoking(() => new ReduceLROnPlateau(new ParameterGroups(0.1)).LoadState(null!))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("state");

    [Fact]
    public void Before_the_first_step_the_cooldown_counter_must_be_0()
    {
        // The cooldown starts only after a reduction, which takes a step: at last_epoch 0 the counter is 0.
        var scheduler = new ReduceLROnPlateau(new ParameterGroups(0.1), cooldown: 2);
        var state = scheduler.SaveState();
        state["cooldown_counter"] = 1;
        FluentActions.Invoking(() => scheduler.LoadState(state)).Should().Throw<ArgumentException>().WithMessage("state.cooldown_counter*");
        state["last_epoch"] = 1;
        scheduler.LoadState(state);
        scheduler.CooldownCounter.Should().Be(1);
    }
}
