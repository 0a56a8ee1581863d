using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// Errors of <c>torch.*</c> specs: every rejection is a <see cref="ScheduleSpecException"/> whose path names the field,
/// with PyTorch's own argument names.
/// </summary>
public sealed class TorchSpecsTests
{
    [Theory]
    [InlineData("""{"type":"torch.StepLR","lr":0.1,"args":{"step_size":3,"gama":0.5}}""", "$.args.gama")]
    [InlineData("""{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":10,"eta_mni":0.0}}""", "$.args.eta_mni")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":100,"cycle_momentum":false,"verbose":true}}""", "$.args.verbose")]
    [InlineData("""{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"patience":2,"cool_down":1},"metrics":[1,2]}""", "$.args.cool_down")]
    [InlineData("""{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"last_epoch":-1},"metrics":[1,2]}""", "$.args.last_epoch")]
    [InlineData("""{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{}},{"type":"torch.ExponentialLR","args":{"gamma":0.9,"gamma2":1}}],"milestones":[5]}}""", "$.args.schedulers[1].args.gamma2")]
    [InlineData("""{"type":"torch.ChainedScheduler","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","lr":0.2,"args":{}}]}}""", "$.args.schedulers[0].lr")]
    [InlineData("""{"type":"torch.StepLR","lr":0.1,"args":{"step_size":3},"extra":1}""", "$.extra")]
    public void Unknown_fields_are_rejected_with_their_path(string json, string path)
        => Reject(json, path).Reason.Should().Contain("unknown field");

    [Theory]
    [InlineData("torch.StepLR", "\"step_size\":3,")]
    [InlineData("torch.CosineAnnealingLR", "\"T_max\":10,")]
    [InlineData("torch.OneCycleLR", "\"max_lr\":0.1,\"total_steps\":100,\"cycle_momentum\":false,")]
    [InlineData("torch.CyclicLR", "\"base_lr\":0.01,\"max_lr\":0.1,\"cycle_momentum\":false,")]
    public void Last_epoch_other_than_minus_one_is_rejected(string type, string args)
    {
        ScheduleSpec.Parse("{\"type\":\"" + type + "\",\"lr\":0.1,\"args\":{" + args + "\"last_epoch\":-1}}").Should().BeOfType<TorchSchedule>();
        Reject("{\"type\":\"" + type + "\",\"lr\":0.1,\"args\":{" + args + "\"last_epoch\":5}}", "$.args.last_epoch");
        Reject("{\"type\":\"" + type + "\",\"lr\":0.1,\"args\":{" + args + "\"last_epoch\":0}}", "$.args.last_epoch");
    }

    [Theory]
    [InlineData("torch.LambdaLR")]
    [InlineData("torch.MultiplicativeLR")]
    [InlineData("torch.ParamwiseScheduler")]
    public void Schedulers_that_take_code_are_not_spec_types(string type)
        => Reject("{\"type\":\"" + type + "\",\"lr\":0.1,\"args\":{}}", "$.type").Reason.Should().Contain("unknown schedule type");

    [Fact]
    public void Reduce_lr_on_plateau_needs_metrics()
    {
        const string Json = """{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"patience":0}}""";
        Reject(Json, "$.metrics").Reason.Should().Contain("metrics");

        // The metric history may come from the caller instead (lrs eval --metrics).
        var schedule = (TorchSchedule)ScheduleSpec.Parse(Json, [1.0, 2.0, 3.0]);
        schedule.Metrics!.ToArray().Should().Equal(1.0, 2.0, 3.0);
        schedule.GetLearningRate(3).Should().BeApproximately(0.001, 1e-18);
    }

    [Theory]
    [InlineData("torch.SequentialLR", ",\"milestones\":[3]", "$.args.schedulers[1].type")]
    [InlineData("torch.ChainedScheduler", "", "$.args.schedulers[1].type")]
    public void Reduce_lr_on_plateau_cannot_be_a_child(string type, string milestones, string path)
        => Reject(
            "{\"type\":\"" + type + "\",\"lr\":0.1,\"args\":{\"schedulers\":[{\"type\":\"torch.LinearLR\",\"args\":{}},{\"type\":\"torch.ReduceLROnPlateau\",\"args\":{}}]" + milestones + "}}",
            path).Reason.Should().Contain("ReduceLROnPlateau");

    [Theory]
    [InlineData("""{"type":"torch.ConstantLR","lr":0.1,"args":{"factor":0.0}}""", "$.args.factor")]
    [InlineData("""{"type":"torch.LinearLR","lr":0.1,"args":{"start_factor":0.0}}""", "$.args.start_factor")]
    [InlineData("""{"type":"torch.LinearLR","lr":0.1,"args":{"end_factor":1.5}}""", "$.args.end_factor")]
    [InlineData("""{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":0}}""", "$.args.T_max")]
    [InlineData("""{"type":"torch.CosineAnnealingWarmRestarts","lr":0.1,"args":{"T_0":0}}""", "$.args.T_0")]
    [InlineData("""{"type":"torch.CosineAnnealingWarmRestarts","lr":0.1,"args":{"T_0":10,"T_mult":0}}""", "$.args.T_mult")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"cycle_momentum":false}}""", "$.args.total_steps")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":100,"pct_start":1.0,"cycle_momentum":false}}""", "$.args.pct_start")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"epochs":0,"steps_per_epoch":10,"cycle_momentum":false}}""", "$.args.epochs")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":100}}""", "$.args.cycle_momentum")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":100,"anneal_strategy":"cosine","cycle_momentum":false}}""", "$.args.anneal_strategy")]
    [InlineData("""{"type":"torch.CyclicLR","lr":[0.1,0.1],"momentum":0.9,"args":{"base_lr":[0.01,0.02,0.03],"max_lr":0.1}}""", "$.args.base_lr")]
    [InlineData("""{"type":"torch.CyclicLR","lr":0.1,"args":{"base_lr":0.01,"max_lr":0.1,"mode":"triangle","cycle_momentum":false}}""", "$.args.mode")]
    [InlineData("""{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"factor":1.0},"metrics":[1]}""", "$.args.factor")]
    [InlineData("""{"type":"torch.ReduceLROnPlateau","lr":[0.1,0.2],"args":{"min_lr":[0,0,0]},"metrics":[1]}""", "$.args.min_lr")]
    [InlineData("""{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{}},{"type":"torch.ExponentialLR","args":{"gamma":0.9}}],"milestones":[]}}""", "$.args.milestones")]
    [InlineData("""{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{"start_factor":0}},{"type":"torch.ExponentialLR","args":{"gamma":0.9}}],"milestones":[5]}}""", "$.args.schedulers[0].args.start_factor")]
    [InlineData("""{"type":"torch.ChainedScheduler","lr":0.1,"args":{"schedulers":[]}}""", "$.args.schedulers")]
    [InlineData("""{"type":"torch.StepLR","lr":[0.1,0.2],"momentum":[0.9,0.9,0.9],"args":{"step_size":3}}""", "$.momentum")]
    public void Argument_errors_name_the_pytorch_argument(string json, string path) => Reject(json, path);

    [Theory]
    [InlineData("""{"type":"torch.StepLR","lr":-0.1,"args":{"step_size":3}}""", "$.lr")]
    [InlineData("""{"type":"torch.StepLR","lr":[0.1,-0.2],"args":{"step_size":3}}""", "$.lr[1]")]
    [InlineData("""{"type":"torch.StepLR","lr":[],"args":{"step_size":3}}""", "$.lr")]
    [InlineData("""{"type":"torch.ReduceLROnPlateau","lr":-1,"args":{},"metrics":[1]}""", "$.lr")]
    public void The_optimizer_lr_must_be_a_non_negative_number_per_group(string json, string path) => Reject(json, path);

    [Fact]
    public void Cyclic_lr_scale_mode_is_read_but_mode_decides_as_in_pytorch()
    {
        // Without a scale_fn PyTorch overwrites scale_mode from mode; a spec cannot carry a scale_fn.
        var a = ScheduleSpec.Parse("""{"type":"torch.CyclicLR","lr":0.1,"args":{"base_lr":0.01,"max_lr":0.1,"step_size_up":3,"mode":"exp_range","gamma":0.9,"scale_mode":"cycle","cycle_momentum":false}}""");
        var b = ScheduleSpec.Parse("""{"type":"torch.CyclicLR","lr":0.1,"args":{"base_lr":0.01,"max_lr":0.1,"step_size_up":3,"mode":"exp_range","gamma":0.9,"cycle_momentum":false}}""");
        var va = new double[30];
        var vb = new double[30];
        a.Evaluate(0, va);
        b.Evaluate(0, vb);
        va.Should().Equal(vb);
        Reject("""{"type":"torch.CyclicLR","lr":0.1,"args":{"base_lr":0.01,"max_lr":0.1,"scale_mode":"epochs","cycle_momentum":false}}""", "$.args.scale_mode");
    }

    private static ScheduleSpecException Reject(string json, string path)
    {
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().ThrowExactly<ScheduleSpecException>().Which;
        ex.Path.Should().Be(path, "spec {0} was rejected with: {1}", json, ex.Message);
        ex.Message.Should().StartWith(path + ": ");
        return ex;
    }
}
