using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary><see cref="ParameterGroups"/>: argument rules and its stand-in for the optimizer's state dict.</summary>
public sealed class ParameterGroupsTests
{
    [Fact]
    public void Null_learning_rates_are_rejected()
        => TorchAssert.Rejects<ArgumentNullException>(() => new ParameterGroups((IEnumerable<double>)null!), "learningRates");

    [Fact]
    public void No_groups_are_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new ParameterGroups(Array.Empty<double>()), "learningRates");

    [Fact]
    public void Non_finite_learning_rate_is_rejected()
        => TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ParameterGroups([0.1, double.NaN]), "learningRates");

    [Fact]
    public void Momentum_count_other_than_group_count_is_rejected()
        => TorchAssert.Rejects<ArgumentException>(() => new ParameterGroups([0.1, 0.2], [0.9]), "momentums");

    [Fact]
    public void Groups_without_momentum_refuse_momentum_access()
    {
        var groups = new ParameterGroups(0.1);
        groups.SupportsMomentum.Should().BeFalse();
        FluentActions.Invoking(() => groups.GetMomentum(0)).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => groups.SetMomentum(0, 0.9)).Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void State_round_trips_and_a_mismatched_state_changes_nothing()
    {
        var groups = new ParameterGroups([0.1, 0.2], [0.9, 0.8]);
        _ = new StepLR(groups, 2);
        groups.SetLearningRate(1, 0.05);
        var state = groups.SaveState();

        var restored = new ParameterGroups([1.0, 1.0], [0.0, 0.0]);
        restored.LoadState(JsonNode.Parse(state.ToJsonString())!.AsObject());
        restored.SaveState().ToJsonString().Should().Be(state.ToJsonString());
        restored.GetInitialLearningRate(1).Should().Be(0.2);

        var three = new ParameterGroups([1.0, 1.0, 1.0], [0.0, 0.0, 0.0]);
        string before = three.SaveState().ToJsonString();
        FluentActions.Invoking(() => three.LoadState(state)).Should().Throw<ArgumentException>().WithMessage("*lr*");
        three.SaveState().ToJsonString().Should().Be(before);
    }
}
