using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Torch;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace LrSchedules.TorchSharp.Tests;

/// <summary>The adapter's mapping onto TorchSharp's groups, its <c>initial_lr</c> rules and its state.</summary>
public sealed class TorchSharpParameterGroupsTests : IDisposable
{
    private readonly Parameter _p1 = new(zeros(3));
    private readonly Parameter _p2 = new(zeros(2));

    public void Dispose()
    {
        _p1.Dispose();
        _p2.Dispose();
    }

    [Fact]
    public void Learning_rates_are_the_groups_own()
    {
        using var sgd = optim.SGD([new SGD.ParamGroup { Parameters = [_p1] }, new SGD.ParamGroup { Parameters = [_p2], Options = new SGD.Options { LearningRate = 0.3 } }], learningRate: 0.1);
        var groups = sgd.AsParameterGroups();
        groups.Count.Should().Be(2);
        groups.Optimizer.Should().BeSameAs(sgd);
        groups.GetLearningRate(0).Should().Be(0.1);
        groups.GetLearningRate(1).Should().Be(0.3);
        groups.SetLearningRate(1, 0.123456789);
        sgd.ParamGroups.ElementAt(1).LearningRate.Should().Be(0.123456789);
        sgd.ParamGroups.ElementAt(0).LearningRate.Should().Be(0.1);
    }

    [Fact]
    public void Initial_lr_is_absent_until_recorded_although_TorchSharp_always_has_one()
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.1);
        sgd.ParamGroups.Single().InitialLearningRate.Should().Be(0.1, "TorchSharp sets it at construction");
        var groups = sgd.AsParameterGroups();
        groups.GetInitialLearningRate(0).Should().BeNull("no scheduler has recorded initial_lr yet");

        groups.SetInitialLearningRate(0, 0.25);
        groups.GetInitialLearningRate(0).Should().Be(0.25);
        sgd.ParamGroups.Single().InitialLearningRate.Should().Be(0.25, "the value lives in TorchSharp's group");
        sgd.AsParameterGroups().GetInitialLearningRate(0).Should().Be(0.25, "the flag belongs to the group, as initial_lr to PyTorch's param_group");

        using var other = optim.SGD([_p2], learningRate: 0.1);
        other.AsParameterGroups().GetInitialLearningRate(0).Should().BeNull("another optimizer's groups are not recorded");
    }

    [Fact]
    public void A_scheduler_records_initial_lr_once_and_a_second_one_uses_it()
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.1);
        var first = sgd.Attach(g => new ExponentialLR(g, gamma: 0.5));
        first.Step();
        sgd.ParamGroups.Single().LearningRate.Should().Be(0.05);

        // PyTorch: a second scheduler on the same optimizer takes base_lrs from initial_lr (0.1), not from the current lr.
        var second = sgd.Attach(g => new StepLR(g, stepSize: 10));
        second.BaseLearningRates.ToArray().Should().Equal(0.1);
        sgd.AsParameterGroups().GetInitialLearningRate(0).Should().Be(0.1);
    }

    [Fact]
    public void Resuming_with_last_epoch_requires_a_recorded_initial_lr_as_in_PyTorch()
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.1);
        var act = () => sgd.Attach(g => new StepLR(g, stepSize: 10, lastEpoch: 5));
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("lastEpoch");

        sgd.AsParameterGroups().LoadState(JsonNode.Parse("""{"lr":[0.1],"initial_lr":[0.1],"momentum":[0]}""")!.AsObject());
        sgd.Attach(g => new StepLR(g, stepSize: 10, lastEpoch: 5)).LastEpoch.Should().Be(6);
    }

    [Fact]
    public void SGD_momentum_is_Momentum()
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.1, momentum: 0.9);
        var groups = sgd.AsParameterGroups();
        groups.SupportsMomentum.Should().BeTrue();
        groups.GetMomentum(0).Should().Be(0.9);
        groups.SetMomentum(0, 0.85);
        ((IMomentum)sgd.ParamGroups.Single()).Momentum.Should().Be(0.85);
    }

    [Fact]
    public void Adam_momentum_is_beta1_and_beta2_is_kept()
    {
        using var adam = optim.Adam([_p1], lr: 0.001, beta1: 0.9, beta2: 0.99);
        var groups = adam.AsParameterGroups();
        groups.SupportsMomentum.Should().BeTrue();
        groups.GetMomentum(0).Should().Be(0.9);
        groups.SetMomentum(0, 0.8);
        ((IBetas)adam.ParamGroups.Single()).Betas.Should().Be((0.8, 0.99));
    }

    [Fact]
    public void Optimizers_without_momentum_or_betas_do_not_support_momentum()
    {
        using var adagrad = optim.Adagrad([_p1], lr: 0.01);
        var groups = adagrad.AsParameterGroups();
        groups.SupportsMomentum.Should().BeFalse();
        groups.Invoking(g => g.GetMomentum(0)).Should().Throw<NotSupportedException>();
        groups.Invoking(g => g.SetMomentum(0, 0.9)).Should().Throw<NotSupportedException>();
        adagrad.Invoking(o => o.Attach(g => new OneCycleLR(g, maxLr: [0.1], totalSteps: 10)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("cycleMomentum");
        adagrad.Attach(g => new OneCycleLR(g, maxLr: [0.1], totalSteps: 10, cycleMomentum: false)).LastEpoch.Should().Be(0);
        groups.SaveState().ContainsKey("momentum").Should().BeFalse();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void Indices_outside_the_groups_are_rejected(int index)
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.1, momentum: 0.9);
        var groups = sgd.AsParameterGroups();
        foreach (Action act in new Action[]
        {
            () => groups.GetLearningRate(index), () => groups.SetLearningRate(index, 0.1), () => groups.GetInitialLearningRate(index),
            () => groups.SetInitialLearningRate(index, 0.1), () => groups.GetMomentum(index), () => groups.SetMomentum(index, 0.9),
        })
        {
            act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_values_are_rejected_and_change_nothing(double value)
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.1, momentum: 0.9);
        var groups = sgd.AsParameterGroups();
        groups.Invoking(g => g.SetLearningRate(0, value)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("value");
        groups.Invoking(g => g.SetInitialLearningRate(0, value)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("value");
        groups.Invoking(g => g.SetMomentum(0, value)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("value");
        groups.SaveState().ToJsonString().Should().Be("""{"lr":[0.1],"initial_lr":[null],"momentum":[0.9]}""");
    }

    [Fact]
    public void Null_optimizer_is_rejected()
    {
        var act = () => new TorchSharpParameterGroups(null!);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
    }

    [Fact]
    public void State_round_trips_and_has_the_in_memory_groups_format()
    {
        using var sgd = optim.SGD([new SGD.ParamGroup { Parameters = [_p1] }, new SGD.ParamGroup { Parameters = [_p2] }], learningRate: 0.1, momentum: 0.9);
        var groups = sgd.AsParameterGroups();
        groups.SetLearningRate(1, 1.0 / 3);
        groups.SetInitialLearningRate(1, 0.7);
        groups.SetMomentum(0, 0.123);
        var reference = new ParameterGroups([0.1, 1.0 / 3], [0.123, 0.9]);
        reference.SetInitialLearningRate(1, 0.7);
        string state = groups.SaveState().ToJsonString();
        state.Should().Be(reference.SaveState().ToJsonString());

        using var fresh = optim.SGD([new SGD.ParamGroup { Parameters = [_p1] }, new SGD.ParamGroup { Parameters = [_p2] }], learningRate: 0.5, momentum: 0.5);
        var restored = fresh.AsParameterGroups();
        restored.SetInitialLearningRate(0, 0.5);
        restored.LoadState(JsonNode.Parse(state)!.AsObject());
        restored.SaveState().ToJsonString().Should().Be(state);
        restored.GetInitialLearningRate(0).Should().BeNull("null in the state clears the recorded flag");
        restored.GetInitialLearningRate(1).Should().Be(0.7);
        fresh.ParamGroups.ElementAt(1).LearningRate.Should().Be(1.0 / 3);
    }

    [Theory]
    [InlineData("""{"lr":[0.1],"initial_lr":[null],"momentum":[0.9]}""", "state.lr has 1 entries")]
    [InlineData("""{"lr":[0.1,0.2],"initial_lr":[null,null]}""", "state.momentum is missing")]
    [InlineData("""{"lr":[0.1,"x"],"initial_lr":[null,null],"momentum":[0.9,0.9]}""", "state.lr[1] must be a finite number")]
    [InlineData("""{"lr":[0.1,0.2],"initial_lr":[null,null],"momentum":[0.9,0.9],"extra":1}""", "state.extra is not a field")]
    [InlineData("""{"lr":[0.1,0.2],"initial_lr":null,"momentum":[0.9,0.9]}""", "state.initial_lr is missing")]
    public void Malformed_states_are_rejected_and_change_nothing(string json, string message)
    {
        using var sgd = optim.SGD([new SGD.ParamGroup { Parameters = [_p1] }, new SGD.ParamGroup { Parameters = [_p2] }], learningRate: 0.1, momentum: 0.9);
        var groups = sgd.AsParameterGroups();
        string before = groups.SaveState().ToJsonString();
        groups.Invoking(g => g.LoadState(JsonNode.Parse(json)!.AsObject())).Should().Throw<ArgumentException>()
            .Where(e => e.Message.StartsWith(message, StringComparison.Ordinal) && e.ParamName == "state");
        groups.SaveState().ToJsonString().Should().Be(before);
    }

    [Fact]
    public void A_momentum_field_is_rejected_for_groups_without_momentum()
    {
        using var adagrad = optim.Adagrad([_p1], lr: 0.01);
        adagrad.AsParameterGroups().Invoking(g => g.LoadState(JsonNode.Parse("""{"lr":[0.1],"initial_lr":[null],"momentum":[0.9]}""")!.AsObject()))
            .Should().Throw<ArgumentException>().WithMessage("state.momentum is present*");
    }
}
