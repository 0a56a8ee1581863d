using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="ChainedScheduler"/>: argument rules (at least one scheduler, all on the same groups) and multiplicative
/// composition, including nesting, with expected values following PyTorch's code step by step.
/// </summary>
public sealed class ChainedSchedulerTests
{
    [Fact]
    public void No_schedulers_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new ChainedScheduler(new ParameterGroups(0.1), []), "schedulers")
            .Message.Should().Contain("at least one scheduler");

    [Fact]
    public void Null_schedulers_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new ChainedScheduler(new ParameterGroups(0.1), null!), "schedulers");

    [Fact]
    public void A_null_scheduler_is_rejected()
    {
        var g = new ParameterGroups(0.1);
        TorchAssert.Rejects<ArgumentNullException>(() => new ChainedScheduler(g, [new ExponentialLR(g, 0.9), null!]), "schedulers");
    }

    [Fact]
    public void Schedulers_on_other_groups_are_rejected()
    {
        var g = new ParameterGroups(0.1);
        TorchAssert.Rejects<ArgumentException>(() => new ChainedScheduler(g, [new ExponentialLR(new ParameterGroups(0.1), 0.9)]), "schedulers")
            .Message.Should().Contain("index 0");
    }

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new ChainedScheduler(null!, []), "groups");

    [Fact]
    public void Children_compose_multiplicatively_in_order()
    {
        var g = new ParameterGroups([0.1, 2.0]);
        var chain = new ChainedScheduler(g, [new ConstantLR(g, 0.5, 3), new ExponentialLR(g, 0.9), new StepLR(g, 2, 0.1)]);

        // Construction: ConstantLR's initial step multiplies by factor; the others leave the lr; the chain does not step.
        double[] lr = [0.1 * 0.5, 2.0 * 0.5];
        for (int e = 0; e <= 12; e++)
        {
            if (e > 0)
            {
                chain.Step();
                for (int i = 0; i < 2; i++)
                {
                    lr[i] = e == 3 ? lr[i] * (1.0 / 0.5) : lr[i]; // ConstantLR
                    lr[i] *= 0.9; // ExponentialLR
                    lr[i] = e % 2 == 0 ? lr[i] * 0.1 : lr[i]; // StepLR
                }
            }

            chain.LastEpoch.Should().Be(e);
            for (int i = 0; i < 2; i++)
            {
                TorchAssert.BitIdentical(g.GetLearningRate(i), lr[i], "group {0} step {1}", i, e);
                chain.GetLastLr()[i].Should().Be(lr[i]);
            }
        }
    }

    [Fact]
    public void A_sequential_child_restarts_at_its_milestone_and_the_others_keep_multiplying()
    {
        var g = new ParameterGroups(1.0);
        var a = new LinearLR(g, 0.5, 1.0, 2);
        var b = new ExponentialLR(g, 0.5);
        var sequential = new SequentialLR(g, [a, b], [2]);
        var e = new StepLR(g, 3, 0.1);
        var chain = new ChainedScheduler(g, [sequential, e]);

        double lr = 1.0 * 0.5; // SequentialLR: lr = initial_lr, then a._initial_step() at epoch 0 multiplies by start_factor
        var expected = new List<double> { lr };
        lr *= 1.0 + ((1.0 - 0.5) / ((2 * 0.5) + ((1 - 1) * (1.0 - 0.5)))); // step 1: a epoch 1; e epoch 1
        expected.Add(lr);
        lr = 1.0 * Math.Pow(0.5, 0); // step 2: milestone, b._update_lr(0) from base_lr; e epoch 2
        expected.Add(lr);
        lr = lr * 0.5 * 0.1; // step 3: b epoch 1; e epoch 3 decays
        expected.Add(lr);
        lr *= 0.5; // step 4
        expected.Add(lr);
        lr *= 0.5; // step 5
        expected.Add(lr);
        lr = lr * 0.5 * 0.1; // step 6: e epoch 6 decays
        expected.Add(lr);

        for (int k = 0; k < expected.Count; k++)
        {
            if (k > 0)
            {
                chain.Step();
            }

            TorchAssert.BitIdentical(g.GetLearningRate(0), expected[k], "step {0}", k);
        }

        sequential.LastEpoch.Should().Be(6);
        e.LastEpoch.Should().Be(6);
    }

    [Fact]
    public void Chains_nest()
    {
        var g = new ParameterGroups(1.0);
        var inner = new ChainedScheduler(g, [new ExponentialLR(g, 0.9)]);
        var outer = new ChainedScheduler(g, [inner, new StepLR(g, 1, 0.5)]);
        double lr = 1.0;
        for (int k = 1; k <= 10; k++)
        {
            outer.Step();
            lr = lr * 0.9 * 0.5;
            TorchAssert.BitIdentical(g.GetLearningRate(0), lr, "step {0}", k);
        }

        inner.LastEpoch.Should().Be(10);
        outer.LastEpoch.Should().Be(10);
    }

    [Fact]
    public void Skipping_identity_steps_leaves_the_state_that_stepping_does()
    {
        // ConstantLR (x0.5 for 10 steps) and MultiStepLR (x0.5 at 500): between 10 and 500 every step is the identity, which
        // random access skips (Skip) instead of stepping; the chain's own last_epoch must advance with its children's.
        static ChainedScheduler Make(ParameterGroups g) => new(g, [new ConstantLR(g, 0.5, 10), new MultiStepLR(g, [500], 0.5)]);
        var stepped = new ParameterGroups(0.1);
        var skipped = new ParameterGroups(0.1);
        var a = Make(stepped);
        var b = Make(skipped);
        for (int i = 0; i < 20; i++)
        {
            a.Step();
            b.Step();
        }

        b.IdentitySteps(400).Should().Be(400);
        for (int i = 0; i < 400; i++)
        {
            a.Step();
        }

        b.Skip(400);
        b.LastEpoch.Should().Be(a.LastEpoch).And.Be(420);
        b.SaveState().ToJsonString().Should().Be(a.SaveState().ToJsonString());
        a.Step();
        b.Step();
        skipped.GetLearningRate(0).Should().Be(stepped.GetLearningRate(0));
    }

    [Fact]
    public void At_2_pow_50_the_chain_itself_refuses_to_step_and_changes_nothing()
    {
        var g = new ParameterGroups(0.1);
        var chain = new ChainedScheduler(g, [new ConstantLR(g, 0.5, 10), new MultiStepLR(g, [5], 0.5)]);
        for (int i = 0; i < 10; i++)
        {
            chain.Step();
        }

        TorchAssert.RefusesToStepAt2Pow50(chain, "ChainedScheduler");
    }
}
