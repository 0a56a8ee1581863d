using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary><see cref="LambdaLR"/>: <c>lr = base_lr * lambda_g(last_epoch)</c> with one delegate per group.</summary>
public sealed class LambdaLRTests
{
    [Fact]
    public void Per_group_delegates_scale_each_base_lr()
    {
        var seen0 = new List<long>();
        var seen1 = new List<long>();
        var groups = new ParameterGroups([0.1, 2.0]);
        var scheduler = new LambdaLR(groups, [e => { seen0.Add(e); return 1.0 / (1 + e); }, e => { seen1.Add(e); return Math.Pow(0.95, e); }]);
        for (long e = 0; e <= 20; e++)
        {
            if (e > 0)
            {
                scheduler.Step();
            }

            TorchAssert.BitIdentical(groups.GetLearningRate(0), 0.1 * (1.0 / (1 + e)), "group 0 step {0}", e);
            TorchAssert.BitIdentical(groups.GetLearningRate(1), 2.0 * Math.Pow(0.95, e), "group 1 step {0}", e);
        }

        seen0.Should().Equal(Enumerable.Range(0, 21).Select(i => (long)i));
        seen1.Should().Equal(seen0);
    }

    [Fact]
    public void The_lr_does_not_depend_on_the_current_lr()
    {
        // LambdaLR is not chainable: an outside change to the lr is overwritten at the next step.
        var groups = new ParameterGroups(1.0);
        var scheduler = new LambdaLR(groups, e => 0.5);
        groups.SetLearningRate(0, 123.0);
        scheduler.Step();
        groups.GetLearningRate(0).Should().Be(0.5);
    }

    [Fact]
    public void Resuming_steps_once_from_last_epoch()
    {
        // As in PyTorch, constructing with last_epoch = 5 performs the initial step to epoch 6.
        var groups = TorchAssert.Resumable(0.1);
        var scheduler = new LambdaLR(groups, e => 1.0 / (1 + e), lastEpoch: 5);
        scheduler.LastEpoch.Should().Be(6);
        groups.GetLearningRate(0).Should().Be(0.1 * (1.0 / 7));
    }

    [Fact]
    public void Delegate_count_other_than_group_count_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new LambdaLR(new ParameterGroups([0.1, 0.2]), [_ => 1.0, _ => 1.0, _ => 1.0]), "lrLambdas")
            .Message.Should().Contain("one function per parameter group (2); got 3");

    [Fact]
    public void A_null_delegate_in_the_list_is_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new LambdaLR(new ParameterGroups([0.1, 0.2]), [_ => 1.0, null!]), "lrLambdas");

    [Fact]
    public void A_null_list_is_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new LambdaLR(new ParameterGroups(0.1), (IReadOnlyList<Func<long, double>>)null!), "lrLambdas");

    [Fact]
    public void A_null_delegate_is_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new LambdaLR(new ParameterGroups(0.1), (Func<long, double>)null!), "lrLambda");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new LambdaLR(null!, _ => 1.0), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new LambdaLR(new ParameterGroups(0.1), _ => 1.0, lastEpoch: 5), "lastEpoch");
}
