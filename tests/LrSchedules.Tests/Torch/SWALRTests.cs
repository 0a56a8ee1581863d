using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>SWALR against PyTorch 2.14's <c>get_lr</c> written out independently, its validation, state and specs.</summary>
public sealed class SWALRTests
{
    [Theory]
    [InlineData(6, true)]
    [InlineData(6, false)]
    [InlineData(1, true)]
    [InlineData(0, true)]
    [InlineData(0, false)]
    [InlineData(37, true)]
    public void Steps_follow_pytorchs_get_lr_bit_for_bit(long annealEpochs, bool cosine)
    {
        double[] start = [0.3, 0.02];
        double[] swa = [0.05, 0.04];
        var groups = new ParameterGroups(start);
        var scheduler = new SWALR(groups, swa, annealEpochs, cosine ? Interpolation.Cosine : Interpolation.Linear);
        double[] lr = [.. start];
        for (long stepCount = 1; stepCount < annealEpochs + 10; stepCount++)
        {
            // PyTorch: step = _step_count - 1 (max(1, .) when anneal_epochs is 0), the lr recovered from the previous alpha.
            long step = annealEpochs == 0 ? Math.Max(1, stepCount - 1) : stepCount - 1;
            double length = Math.Max(1, annealEpochs);
            double prevAlpha = F(Math.Max(0, Math.Min(1, (step - 1) / length)), cosine);
            double alpha = F(Math.Max(0, Math.Min(1, step / length)), cosine);
            for (int g = 0; g < 2; g++)
            {
                double previous = prevAlpha == 1 ? swa[g] : (lr[g] - (prevAlpha * swa[g])) / (1 - prevAlpha);
                lr[g] = (swa[g] * alpha) + (previous * (1 - alpha));
                TorchAssert.BitIdentical(groups.GetLearningRate(g), lr[g], "group {0} at _step_count {1}", g, stepCount);
            }

            scheduler.Step();
        }

        groups.GetLearningRate(0).Should().Be(0.05, "the anneal ends at swa_lr");
        groups.GetLearningRate(1).Should().Be(0.04);
    }

    [Fact]
    public void It_anneals_from_whatever_lr_the_group_holds_when_it_takes_over()
    {
        // The documented use: another scheduler first, SWALR from swa_start on; SWALR starts from the current lr.
        var groups = new ParameterGroups(1.0);
        var decay = new ExponentialLR(groups, 0.5);
        decay.Step();
        decay.Step(); // lr 0.25
        var swa = new SWALR(groups, [0.05], annealEpochs: 4, Interpolation.Linear);
        groups.GetLearningRate(0).Should().Be(0.25);
        swa.Step();
        groups.GetLearningRate(0).Should().BeApproximately(0.25 + ((0.05 - 0.25) * 0.25), 1e-16);
        for (int i = 0; i < 3; i++)
        {
            swa.Step();
        }

        groups.GetLearningRate(0).Should().Be(0.05);
    }

    [Fact]
    public void Arguments_are_validated_with_their_names()
    {
        var groups = new ParameterGroups([0.1, 0.2]);
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new SWALR(groups, [-0.1]), "swaLr");
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new SWALR(groups, [double.NaN]), "swaLr");
        TorchAssert.Rejects<ArgumentException>(() => new SWALR(groups, [0.1, 0.2, 0.3]), "swaLr");
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new SWALR(groups, [0.1], -1), "annealEpochs");
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new SWALR(groups, [0.1], SWALR.MaxAnnealEpochs + 1), "annealEpochs");
        TorchAssert.Rejects<ArgumentException>(() => new SWALR(groups, [0.1], 5, (Interpolation)7), "annealStrategy")
            .Message.Should().StartWith("annealStrategy must be cos or linear; got 7.");
        FluentActions.Invoking(() => new SWALR(groups, [0.1], SWALR.MaxAnnealEpochs)).Should().NotThrow();
    }

    [Fact]
    public void State_round_trips_and_rejects_an_inconsistent_step_count()
    {
        var groups = new ParameterGroups(0.3);
        var a = new SWALR(groups, [0.05], 6);
        a.Step();
        a.Step();
        JsonObject state = a.SaveState();
        state["type"]!.GetValue<string>().Should().Be("SWALR");
        var restoredGroups = new ParameterGroups(0.3);
        var b = new SWALR(restoredGroups, [0.05], 6);
        b.LoadState(JsonNode.Parse(state.ToJsonString())!.AsObject());
        restoredGroups.LoadState(groups.SaveState());
        a.Step();
        b.Step();
        restoredGroups.GetLearningRate(0).Should().Be(groups.GetLearningRate(0));

        var bad = (JsonObject)JsonNode.Parse(state.ToJsonString())!;
        bad["_step_count"] = 0;
        FluentActions.Invoking(() => b.LoadState(bad)).Should().Throw<ArgumentException>().WithMessage("*_step_count*");
    }

    [Fact]
    public void Spec_reads_pytorchs_arguments_and_rejects_bad_ones()
    {
        var schedule = (IGroupedSchedule)ScheduleSpec.Parse("""{"type":"torch.SWALR","lr":[0.2,0.02],"args":{"swa_lr":[0.01,0.04],"anneal_epochs":4,"anneal_strategy":"linear"}}""");
        schedule.GroupCount.Should().Be(2);
        schedule.GetLearningRate(4).Should().Be(0.01);
        ScheduleSpec.Parse(ScheduleSpec.ToJson(schedule)).Should().Be(schedule);
        ScheduleSpec.Parse("""{"type":"torch.SWALR","lr":0.3,"args":{"swa_lr":0.05}}""").GetLearningRate(10).Should().Be(0.05, "anneal_epochs defaults to 10");
        Reject("""{"type":"torch.SWALR","lr":0.3,"args":{}}""", "$.args.swa_lr");
        Reject("""{"type":"torch.SWALR","lr":0.3,"args":{"swa_lr":-1}}""", "$.args.swa_lr");
        Reject("""{"type":"torch.SWALR","lr":0.3,"args":{"swa_lr":0.1,"anneal_epochs":-1}}""", "$.args.anneal_epochs");
        Reject("""{"type":"torch.SWALR","lr":0.3,"args":{"swa_lr":0.1,"anneal_epochs":2.5}}""", "$.args.anneal_epochs");
        Reject("""{"type":"torch.SWALR","lr":0.3,"args":{"swa_lr":0.1,"anneal_strategy":"cosine"}}""", "$.args.anneal_strategy");
        Reject("""{"type":"torch.SWALR","lr":0.3,"args":{"swa_lr":0.1,"annealing_epochs":3}}""", "$.args.annealing_epochs");
    }

    [Fact]
    public void Adam_betas_replace_momentum_in_specs()
    {
        var schedule = (IGroupedSchedule)ScheduleSpec.Parse("""{"type":"torch.CyclicLR","lr":0.001,"optimizer":"AdamW","betas":[0.9,0.99],"args":{"base_lr":0.0002,"max_lr":0.002,"step_size_up":5,"base_momentum":0.8,"max_momentum":0.9}}""");
        schedule.HasMomentum.Should().BeTrue();
        var lrs = new double[6];
        var momentums = new double[6];
        schedule.EvaluateGroups(0, 6, lrs, momentums);
        momentums[0].Should().Be(0.9);
        momentums[5].Should().Be(0.8);
        ScheduleSpec.Parse(ScheduleSpec.ToJson(schedule)).Should().Be(schedule);

        // Without cycle_momentum the betas are only the optimizer's: no momentum is reported.
        ((IGroupedSchedule)ScheduleSpec.Parse("""{"type":"torch.StepLR","lr":0.1,"optimizer":"Adam","args":{"step_size":2}}""")).GetLearningRate(2).Should().BeApproximately(0.01, 1e-17);

        Reject("""{"type":"torch.StepLR","lr":0.1,"optimizer":"RMSprop","args":{"step_size":2}}""", "$.optimizer");
        Reject("""{"type":"torch.StepLR","lr":0.1,"optimizer":"Adam","momentum":0.9,"args":{"step_size":2}}""", "$.momentum");
        Reject("""{"type":"torch.StepLR","lr":0.1,"betas":[0.9,0.999],"args":{"step_size":2}}""", "$.betas");
        Reject("""{"type":"torch.StepLR","lr":0.1,"optimizer":"Adam","betas":[0.9],"args":{"step_size":2}}""", "$.betas");
        Reject("""{"type":"torch.StepLR","lr":0.1,"optimizer":"Adam","betas":[0.9,1.0],"args":{"step_size":2}}""", "$.betas[1]");
        Reject("""{"type":"torch.StepLR","lr":0.1,"optimizer":"Adam","betas":[-0.1,0.9],"args":{"step_size":2}}""", "$.betas[0]");
    }

    [Fact]
    public void A_milestone_0_skips_the_first_child_as_in_pytorch_2_14()
    {
        var groups = new ParameterGroups(0.6);
        var first = new StepLR(groups, 2, 0.5);
        var second = new LinearLR(groups, 0.3, 1.0, 5);
        var sequence = new SequentialLR(groups, [first, second], [0]);
        groups.GetLearningRate(0).Should().BeApproximately(0.18, 1e-16, "LinearLR's start_factor applies at step 0");
        first.LastEpoch.Should().Be(-1, "the first child is undone and never started");
        second.LastEpoch.Should().Be(0);
        sequence.Step();
        second.LastEpoch.Should().Be(1);

        // A composite child after a milestone 0 never restarts through a formula, so it is accepted.
        var g2 = new ParameterGroups(0.5);
        var leaf = new ExponentialLR(g2, 0.9);
        var chain = new ChainedScheduler(g2, [new ConstantLR(g2, 0.5, 2), new ExponentialLR(g2, 0.8)]);
        FluentActions.Invoking(() => new SequentialLR(g2, [leaf, chain], [0])).Should().NotThrow();
        var g3 = new ParameterGroups(0.5);
        var leaf3 = new ExponentialLR(g3, 0.9);
        var chain3 = new ChainedScheduler(g3, [new ExponentialLR(g3, 0.8)]);
        TorchAssert.Rejects<ArgumentException>(() => new SequentialLR(g3, [leaf3, chain3], [1]), "schedulers");
    }

    private static double F(double t, bool cosine) => cosine ? (1 - Math.Cos(Math.PI * t)) / 2 : t;

    private static void Reject(string json, string path)
    {
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().ThrowExactly<ScheduleSpecException>().Which;
        ex.Path.Should().Be(path, "spec {0} was rejected with: {1}", json, ex.Message);
    }
}
