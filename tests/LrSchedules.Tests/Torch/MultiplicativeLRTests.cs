using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary><see cref="MultiplicativeLR"/>: each step multiplies each group's current lr by its own delegate's factor.</summary>
public sealed class MultiplicativeLRTests
{
    [Fact]
    public void Per_group_delegates_multiply_the_current_lr()
    {
        var seen = new List<long>();
        var groups = new ParameterGroups([0.1, 2.0]);
        var scheduler = new MultiplicativeLR(groups, [e => { seen.Add(e); return 0.9; }, e => 1.0 / (1 + e)]);

        // The initial step leaves the lr as it is and does not call the delegates.
        double[] lr = [0.1, 2.0];
        seen.Should().BeEmpty();
        for (long e = 1; e <= 15; e++)
        {
            scheduler.Step();
            lr[0] *= 0.9;
            lr[1] *= 1.0 / (1 + e);
            TorchAssert.BitIdentical(groups.GetLearningRate(0), lr[0], "group 0 step {0}", e);
            TorchAssert.BitIdentical(groups.GetLearningRate(1), lr[1], "group 1 step {0}", e);
        }

        seen.Should().Equal(Enumerable.Range(1, 15).Select(i => (long)i));
    }

    [Fact]
    public void Outside_changes_to_the_lr_are_kept()
    {
        var groups = new ParameterGroups(1.0);
        var scheduler = new MultiplicativeLR(groups, _ => 0.5);
        groups.SetLearningRate(0, 10.0);
        scheduler.Step();
        groups.GetLearningRate(0).Should().Be(5.0);
    }

    [Fact]
    public void Delegate_count_other_than_group_count_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new MultiplicativeLR(new ParameterGroups([0.1, 0.2, 0.3]), [_ => 1.0]), "lrLambdas")
            .Message.Should().Contain("one function per parameter group (3); got 1");

    [Fact]
    public void A_null_delegate_in_the_list_is_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new MultiplicativeLR(new ParameterGroups(0.1), [null!]), "lrLambdas");

    [Fact]
    public void A_null_delegate_is_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new MultiplicativeLR(new ParameterGroups(0.1), (Func<long, double>)null!), "lrLambda");

    [Fact]
    public void Null_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new MultiplicativeLR(null!, _ => 1.0), "groups");

    [Fact]
    public void Resuming_without_an_initial_lr_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new MultiplicativeLR(new ParameterGroups(0.1), _ => 1.0, lastEpoch: 1), "lastEpoch");
}
