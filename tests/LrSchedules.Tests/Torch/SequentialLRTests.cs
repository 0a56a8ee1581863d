using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="SequentialLR"/>: argument rules (one milestone fewer than schedulers, in order; every child on the same
/// groups) and nesting, with the expected values derived step by step from PyTorch's code in the comments.
/// </summary>
public sealed class SequentialLRTests
{
    [Theory]
    [InlineData(new long[0])]
    [InlineData(new long[] { 3, 5 })]
    public void Milestone_count_other_than_schedulers_minus_one_is_rejected(long[] value)
    {
        var g = new ParameterGroups(0.1);
        TorchAssert.Rejects<ArgumentException>(() => new SequentialLR(g, [new LinearLR(g), new ExponentialLR(g, 0.9)], value), "milestones")
            .Message.Should().Contain("one entry fewer than schedulers (1); got " + value.Length);
    }

    [Fact]
    public void Decreasing_milestones_are_rejected()
    {
        var g = new ParameterGroups(0.1);
        TorchAssert.Rejects<ArgumentException>(() => new SequentialLR(g, [new LinearLR(g), new ExponentialLR(g, 0.9), new StepLR(g, 2)], [5, 3]), "milestones")
            .Message.Should().Contain("non-decreasing");
    }

    [Fact]
    public void Negative_milestone_is_rejected()
    {
        var g = new ParameterGroups(0.1);
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new SequentialLR(g, [new LinearLR(g), new ExponentialLR(g, 0.9)], [-1]), "milestones");
    }

    [Fact]
    public void Schedulers_on_other_groups_are_rejected()
    {
        var g = new ParameterGroups(0.1);
        var other = new ParameterGroups(0.1);
        TorchAssert.Rejects<ArgumentException>(() => new SequentialLR(g, [new LinearLR(g), new ExponentialLR(other, 0.9)], [3]), "schedulers")
            .Message.Should().Contain("index 1");
    }

    [Fact]
    public void No_schedulers_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new SequentialLR(new ParameterGroups(0.1), [], []), "schedulers");

    [Fact]
    public void Null_schedulers_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new SequentialLR(new ParameterGroups(0.1), null!, []), "schedulers");

    [Fact]
    public void A_null_scheduler_is_rejected()
    {
        var g = new ParameterGroups(0.1);
        TorchAssert.Rejects<ArgumentNullException>(() => new SequentialLR(g, [new LinearLR(g), null!], [3]), "schedulers");
    }

    [Fact]
    public void Null_milestones_are_rejected()
    {
        var g = new ParameterGroups(0.1);
        TorchAssert.Rejects<ArgumentNullException>(() => new SequentialLR(g, [new LinearLR(g)], null!), "milestones");
    }

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new SequentialLR(null!, [], []), "groups");

    [Fact]
    public void Equal_milestones_skip_a_scheduler()
    {
        // PyTorch does not require increasing milestones; with [2, 2] the second child never runs.
        var g = new ParameterGroups(1.0);
        var s = new SequentialLR(g, [new ConstantLR(g, 0.5, 10), new ConstantLR(g, 0.25, 10), new ExponentialLR(g, 0.5)], [2, 2]);
        var lrs = new List<double> { g.GetLearningRate(0) };
        for (int k = 0; k < 4; k++)
        {
            s.Step();
            lrs.Add(g.GetLearningRate(0));
        }

        lrs.Should().Equal(0.5, 0.5, 1.0, 0.5, 0.25);
    }

    [Fact]
    public void A_chained_scheduler_as_first_child_starts_its_children_with_a_normal_step()
    {
        var g = new ParameterGroups(1.0);
        var a = new ExponentialLR(g, 0.9);
        var b = new StepLR(g, 2, 0.5);
        var chain = new ChainedScheduler(g, [a, b]);
        var d = new LinearLR(g, 0.5, 1.0, 2);
        var s = new SequentialLR(g, [chain, d], [3]);

        // SequentialLR resets lr to initial_lr (1.0), undoes one step of a, b and d, and runs chain._initial_step(): the
        // chain is in initial mode, its children are not, so ExponentialLR multiplies by gamma at epoch 0.
        double lr = 1.0 * 0.9; // a at epoch 0 (not initial); b at epoch 0 leaves lr
        var expected = new List<double> { lr };
        lr *= 0.9; // step 1: a epoch 1; b epoch 1 (1 % 2 != 0)
        expected.Add(lr);
        lr = lr * 0.9 * 0.5; // step 2: a epoch 2; b epoch 2 decays
        expected.Add(lr);
        lr = 1.0 * (0.5 + ((1.0 - 0.5) * Math.Min(2, 0) / 2)); // step 3 = milestone: d._update_lr(0), LinearLR's closed form from base_lr
        expected.Add(lr);
        lr *= 1.0 + ((1.0 - 0.5) / ((2 * 0.5) + ((1 - 1) * (1.0 - 0.5)))); // step 4: d epoch 1, chainable form
        expected.Add(lr);
        lr *= 1.0 + ((1.0 - 0.5) / ((2 * 0.5) + ((2 - 1) * (1.0 - 0.5)))); // step 5: d epoch 2
        expected.Add(lr);
        expected.Add(lr); // step 6: d epoch 3 > total_iters

        AssertSequence(g, s, expected);
        a.LastEpoch.Should().Be(2);
        b.LastEpoch.Should().Be(2);
        d.LastEpoch.Should().Be(3);
    }

    [Fact]
    public void A_sequential_first_child_runs_one_step_ahead()
    {
        var g = new ParameterGroups(1.0);
        var i1 = new ConstantLR(g, 0.5, 2);
        var i2 = new ExponentialLR(g, 0.8);
        var inner = new SequentialLR(g, [i1, i2], [2]);
        var o2 = new StepLR(g, 1, 0.5);
        var outer = new SequentialLR(g, [inner, o2], [3]);

        // PyTorch's recursive_undo only decrements leaves, so inner keeps last_epoch 0 and its _initial_step() moves it to 1:
        // the inner sequence reaches its milestone 2 at outer step 1.
        var expected = new List<double>
        {
            1.0 * 0.5, // step 0: inner epoch 1 -> i1.step() at epoch 0: ConstantLR multiplies by factor
            1.0 * Math.Pow(0.8, 0), // step 1: inner epoch 2 = milestone: i2._update_lr(0), closed form
            1.0 * Math.Pow(0.8, 0) * 0.8, // step 2: inner epoch 3: i2.step()
            1.0 * Math.Pow(0.5, 0 / 1), // step 3 = outer milestone: o2._update_lr(0), closed form
            1.0 * Math.Pow(0.5, 0 / 1) * 0.5, // step 4: o2 epoch 1
            1.0 * Math.Pow(0.5, 0 / 1) * 0.5 * 0.5, // step 5: o2 epoch 2
        };

        AssertSequence(g, outer, expected);
        inner.LastEpoch.Should().Be(3);
    }

    [Fact]
    public void A_composite_after_a_milestone_is_rejected_at_construction()
    {
        // At a milestone PyTorch calls scheduler._update_lr(0), which needs get_lr() or _get_closed_form_lr(); a
        // ChainedScheduler or SequentialLR has neither and raises NotImplementedError there. The port rejects the
        // composite when the SequentialLR is constructed, before anything has run.
        var g = new ParameterGroups(1.0);
        TorchAssert.Rejects<ArgumentException>(() => new SequentialLR(g, [new LinearLR(g, 0.5, 1.0, 2), new ChainedScheduler(g, [new ExponentialLR(g, 0.9)])], [2]), "schedulers")
            .Message.Should().Contain("index 1");
        var h = new ParameterGroups(1.0);
        TorchAssert.Rejects<ArgumentException>(() => new SequentialLR(h, [new LinearLR(h, 0.5, 1.0, 2), new SequentialLR(h, [new ExponentialLR(h, 0.9)], [])], [2]), "schedulers")
            .Message.Should().Contain("index 1");
    }

    [Fact]
    public void The_next_child_restarts_from_its_closed_form_and_discards_earlier_changes()
    {
        // lr 1.0 -> ExponentialLR(0.5) for 3 steps -> 0.125; at the milestone StepLR restarts from base_lr = 1.0.
        var g = new ParameterGroups(1.0);
        var s = new SequentialLR(g, [new ExponentialLR(g, 0.5), new StepLR(g, 2, 0.1)], [3]);
        var expected = new List<double> { 1.0, 0.5, 0.25, 1.0, 1.0, 1.0 * 0.1, 1.0 * 0.1 };
        AssertSequence(g, s, expected);
    }

    public static TheoryData<string, double> ClosedFormChildren => new()
    {
        // PyTorch's _get_closed_form_lr() at last_epoch 0 from base_lr = 0.1; the chainable form (get_lr()) at epoch 0
        // would start from the group's current 0.05 instead.
        { "ExponentialLR", 0.1 * Math.Pow(0.9, 0) },
        { "StepLR", 0.1 * Math.Pow(0.5, 0 / 2) },
        { "PolynomialLR", 0.1 * Math.Pow(1.0 - (0.0 / 4), 2) },
        { "LinearLR", 0.1 * (0.25 + ((0.75 - 0.25) * Math.Min(4, 0) / 4)) },
        { "CosineAnnealingLR", 0.01 + ((0.1 - 0.01) * (1 + Math.Cos(Math.PI * 0 / 4)) / 2) },
        { "MultiStepLR", 0.1 * Math.Pow(0.5, 1) }, // milestones [0, 2]: bisect_right at 0 counts the milestone 0
        { "ConstantLR", 0.1 * 0.25 },
        { "ConstantLR total_iters 0", 0.1 * (0.25 + (1 * (1 - 0.25))) }, // (last_epoch >= total_iters) is 1 at once
    };

    [Theory]
    [MemberData(nameof(ClosedFormChildren))]
    public void A_child_restarted_at_a_milestone_takes_its_closed_form_at_epoch_0_from_the_base_rates(string child, double expected)
    {
        // ConstantLR(0.5) holds the group at 0.05 for steps 0-2; at the milestone 3 the second child restarts. The first
        // child is built first, so the second's own initial step (which SequentialLR undoes) saw 0.05, not the base rate.
        var g = new ParameterGroups(0.1);
        var first = new ConstantLR(g, 0.5, 100);
        LRScheduler second = child switch
        {
            "ExponentialLR" => new ExponentialLR(g, 0.9),
            "StepLR" => new StepLR(g, 2, 0.5),
            "PolynomialLR" => new PolynomialLR(g, 4, 2),
            "LinearLR" => new LinearLR(g, 0.25, 0.75, 4),
            "CosineAnnealingLR" => new CosineAnnealingLR(g, 4, 0.01),
            "MultiStepLR" => new MultiStepLR(g, [0, 2], 0.5),
            "ConstantLR" => new ConstantLR(g, 0.25, 3),
            _ => new ConstantLR(g, 0.25, 0),
        };
        var s = new SequentialLR(g, [first, second], [3]);
        for (int k = 1; k <= 3; k++)
        {
            g.GetLearningRate(0).Should().Be(0.05, "step {0}", k - 1);
            s.Step();
        }

        TorchAssert.BitIdentical(g.GetLearningRate(0), expected, "{0} restarted at the milestone", child);
        second.LastEpoch.Should().Be(0);
    }

    private static void AssertSequence(ParameterGroups g, SequentialLR s, List<double> expected)
    {
        for (int k = 0; k < expected.Count; k++)
        {
            if (k > 0)
            {
                s.Step();
            }

            TorchAssert.BitIdentical(g.GetLearningRate(0), expected[k], "step {0}", k);
            s.GetLastLr()[0].Should().Be(expected[k]);
            s.LastEpoch.Should().Be(k);
        }
    }

    [Fact]
    public void A_nested_sequence_with_a_milestone_0_starts_its_cyclic_child_at_epoch_0()
    {
        // Found by TorchPropertyTests (seed 62oUYTaqH2h4): before the 2.14 start (bisect_right(milestones, 0)) the inner
        // CyclicLR was stepped at last_epoch -1, where triangular2's scale is 2. PyTorch 2.14 starts it at epoch 0.
        const string Spec = """{"type":"torch.SequentialLR","args":{"schedulers":[{"type":"torch.SequentialLR","args":{"schedulers":[{"type":"torch.ExponentialLR","args":{"gamma":0.041666666666666664}},{"type":"torch.CyclicLR","args":{"base_lr":3.684E-70,"max_lr":1E-300,"step_size_up":7,"step_size_down":1,"mode":"triangular2","gamma":0.23848240557577327,"cycle_momentum":false,"base_momentum":1E-300,"max_momentum":0}}],"milestones":[0]}}],"milestones":[]},"lr":[0.1,0],"momentum":1E+101}""";
        var schedule = (IGroupedSchedule)LrSchedules.Specs.ScheduleSpec.Parse(Spec);
        var lrs = new double[40 * 2];
        schedule.EvaluateGroups(0, 40, lrs, []);
        lrs.Should().OnlyContain(v => double.IsFinite(v) && v >= 0);
        lrs[0].Should().Be(3.684E-70, "CyclicLR's first value is base_lr");
    }

    [Fact]
    public void At_2_pow_50_the_sequence_itself_refuses_to_step_and_changes_nothing()
    {
        var g = new ParameterGroups(0.1);
        var sequence = new SequentialLR(g, [new ConstantLR(g, 0.5, 5), new ConstantLR(g, 0.25, 5)], [20]);
        for (int i = 0; i < 30; i++)
        {
            sequence.Step();
        }

        TorchAssert.RefusesToStepAt2Pow50(sequence, "SequentialLR");
    }
}
