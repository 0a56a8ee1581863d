using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="OneCycleLR"/>: PyTorch's argument rules (positive total_steps, or positive epochs and steps_per_epoch;
/// pct_start in [0, 1]; anneal_strategy cos or linear; an optimizer with momentum when cycle_momentum), plus phases of
/// positive length, and the step past total_steps that throws without changing anything.
/// </summary>
public sealed class OneCycleLRTests
{
    private static ParameterGroups Sgd(int count = 1) => new(Enumerable.Repeat(0.1, count), Enumerable.Repeat(0.9, count));

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(1L)]
    public void Total_steps_below_2_is_rejected(long value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(Sgd(), [0.1], totalSteps: value), "totalSteps");

    [Fact]
    public void Neither_total_steps_nor_epochs_and_steps_per_epoch_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new OneCycleLR(Sgd(), [0.1]), "totalSteps").Message.Should().Contain("epochs").And.Contain("stepsPerEpoch");

    [Fact]
    public void Epochs_without_steps_per_epoch_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new OneCycleLR(Sgd(), [0.1], epochs: 10), "totalSteps");

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Epochs_below_1_is_rejected(long value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(Sgd(), [0.1], epochs: value, stepsPerEpoch: 10), "epochs");

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Steps_per_epoch_below_1_is_rejected(long value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(Sgd(), [0.1], epochs: 10, stepsPerEpoch: value), "stepsPerEpoch");

    [Fact]
    public void Total_steps_takes_precedence_over_epochs()
    {
        // As in PyTorch, epochs and steps_per_epoch are not even looked at when total_steps is given.
        var scheduler = new OneCycleLR(Sgd(), [0.1], totalSteps: 50, epochs: -1, stepsPerEpoch: 0);
        scheduler.TotalSteps.Should().Be(50);
        new OneCycleLR(Sgd(), [0.1], epochs: 4, stepsPerEpoch: 7).TotalSteps.Should().Be(28);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Pct_start_outside_0_1_is_rejected(double value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(Sgd(), [0.1], totalSteps: 100, pctStart: value), "pctStart");

    [Theory]
    [InlineData(10L, 0.1, false)] // first phase ends at 0.1 * 10 - 1 = 0: PyTorch computes 0 / 0 at step 0
    [InlineData(100L, 0.0, false)] // first phase ends at -1: PyTorch's phases go backwards
    [InlineData(100L, 1.0, false)] // second phase ends where the first does: PyTorch divides by zero at step 100
    [InlineData(5L, 0.6, true)] // 2 * 0.6 * 5 - 2 = 4 = 5 - 1: PyTorch divides by zero in the third phase
    [InlineData(10L, 0.9, true)] // the second phase would end after the third
    public void Phases_of_zero_or_negative_length_are_rejected(long total, double pct, bool threePhase)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(Sgd(), [0.1], totalSteps: total, pctStart: pct, threePhase: threePhase), "pctStart").Message.Should().Contain("phase");

    [Fact]
    public void Unknown_anneal_strategy_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new OneCycleLR(Sgd(), [0.1], totalSteps: 100, annealStrategy: (Interpolation)7), "annealStrategy");

    [Fact]
    public void Cycle_momentum_without_momentum_support_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new OneCycleLR(new ParameterGroups(0.1), [0.1], totalSteps: 100), "cycleMomentum").Message.Should().Contain("momentum or beta1");

    [Fact]
    public void Cycle_momentum_false_needs_no_momentum_support()
        => new OneCycleLR(new ParameterGroups(0.1), [0.1], totalSteps: 100, cycleMomentum: false).LastEpoch.Should().Be(0);

    [Fact]
    public void Max_lr_list_of_the_wrong_length_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new OneCycleLR(Sgd(3), [0.1, 0.2], totalSteps: 100), "maxLr").Message.Should().Contain("one value per parameter group (3); got 2");

    [Fact]
    public void Base_momentum_list_of_the_wrong_length_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new OneCycleLR(Sgd(2), [0.1], totalSteps: 100, baseMomentum: [0.8, 0.8, 0.8]), "baseMomentum");

    [Fact]
    public void Max_momentum_list_of_the_wrong_length_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new OneCycleLR(Sgd(3), [0.1], totalSteps: 100, maxMomentum: [0.9, 0.95]), "maxMomentum");

    [Fact]
    public void Null_max_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new OneCycleLR(Sgd(), null!, totalSteps: 100), "maxLr");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new OneCycleLR(null!, [0.1], totalSteps: 100), "groups");

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    public void Div_factor_zero_or_nan_is_rejected(double value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(Sgd(), [0.1], totalSteps: 100, divFactor: value), "divFactor");

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.PositiveInfinity)]
    public void Final_div_factor_zero_or_infinite_is_rejected(double value)
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(Sgd(), [0.1], totalSteps: 100, finalDivFactor: value), "finalDivFactor");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new OneCycleLR(Sgd(), [0.1], totalSteps: 100, lastEpoch: 10), "lastEpoch");

    [Fact]
    public void Stepping_past_total_steps_throws_and_changes_nothing()
    {
        var groups = new ParameterGroups([0.1, 0.2], [0.9, 0.9]);
        var scheduler = new OneCycleLR(groups, [1.0, 2.0], totalSteps: 10);

        // PyTorch allows total_steps steps after construction (last_epoch == total_steps, pct slightly past 1).
        for (int k = 0; k < 10; k++)
        {
            scheduler.Step();
        }

        scheduler.LastEpoch.Should().Be(10);
        double[] lrs = TorchAssert.Lrs(groups);
        double[] momentums = [groups.GetMomentum(0), groups.GetMomentum(1)];
        double[] lastLr = scheduler.GetLastLr().ToArray();
        string state = scheduler.SaveState().ToJsonString();
        string groupState = groups.SaveState().ToJsonString();

        for (int attempt = 0; attempt < 2; attempt++)
        {
            FluentActions.Invoking(scheduler.Step).Should().ThrowExactly<InvalidOperationException>()
                .WithMessage("Tried to step 11 times. The specified number of total steps is 10.");

            // PyTorch raises from get_lr after last_epoch and _step_count were incremented; the port leaves everything as it was.
            scheduler.LastEpoch.Should().Be(10);
            TorchAssert.Lrs(groups).Should().Equal(lrs);
            new[] { groups.GetMomentum(0), groups.GetMomentum(1) }.Should().Equal(momentums);
            scheduler.GetLastLr().ToArray().Should().Equal(lastLr);
            scheduler.SaveState().ToJsonString().Should().Be(state);
            groups.SaveState().ToJsonString().Should().Be(groupState);
        }
    }

    [Fact]
    public void Phase_ends_are_floats_as_in_pytorch()
    {
        // total_steps = 28, pct_start = 0.3: the first phase ends at 0.3 * 28 - 1 = 7.4 (not rounded), so step 7 is
        // 7 / 7.4 of the way up and step 8 is (8 - 7.4) / (27 - 7.4) of the way down, computed as PyTorch does.
        var groups = new ParameterGroups(0.1, 0.9);
        var scheduler = new OneCycleLR(groups, [0.2], totalSteps: 28);
        double initial = 0.2 / 25.0, min = initial / 1e4, end1 = (0.3 * 28) - 1;
        for (int k = 0; k <= 28; k++)
        {
            double expected = k <= end1 ? Cos(initial, 0.2, k / end1) : Cos(0.2, min, (k - end1) / (27 - end1));
            double expectedMomentum = k <= end1 ? Cos(0.95, 0.85, k / end1) : Cos(0.85, 0.95, (k - end1) / (27 - end1));
            TorchAssert.BitIdentical(groups.GetLearningRate(0), expected, "lr at step {0}", k);
            TorchAssert.BitIdentical(groups.GetMomentum(0), expectedMomentum, "momentum at step {0}", k);
            if (k < 28)
            {
                scheduler.Step();
            }
        }
    }

    /// <summary>PyTorch's <c>_annealing_cos</c>.</summary>
    private static double Cos(double start, double end, double pct)
    {
        double cosOut = Math.Cos(Math.PI * pct) + 1;
        return end + ((start - end) / 2.0 * cosOut);
    }
}
