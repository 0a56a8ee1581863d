using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Torch;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LrSchedules.TorchSharp.Tests;

/// <summary>
/// (b) A tiny MLP (1-16-1, tanh) fitting sin(2x) with TorchSharp's AdamW under one-cycle, with beta1 cycled inversely to
/// the learning rate: once as a <c>torch.OneCycleLR</c> spec through <c>UseSchedule</c>, once as the stateful
/// <see cref="OneCycleLR"/> through <c>Attach</c>.
/// </summary>
public sealed class MlpOneCycleTrainingTests : IDisposable
{
    private const int Steps = 300;
    private const string Spec = """{"type":"torch.OneCycleLR","lr":0.001,"momentum":0.9,"args":{"max_lr":0.1,"total_steps":300,"pct_start":0.25}}""";

    private readonly Tensor _x;
    private readonly Tensor _y;

    public MlpOneCycleTrainingTests()
    {
        _x = linspace(-1, 1, 64).reshape(64, 1);
        _y = (_x * 2).sin();
    }

    public void Dispose()
    {
        _x.Dispose();
        _y.Dispose();
    }

    [Fact]
    public void A_torch_OneCycleLR_spec_sets_lr_and_beta1_of_every_update_and_the_loss_falls()
    {
        var schedule = (IGroupedSchedule)ScheduleSpec.Parse(Spec);
        var expectedLrs = new double[Steps];
        var expectedBeta1 = new double[Steps];
        schedule.EvaluateGroups(0, Steps, expectedLrs, expectedBeta1);

        using var model = Mlp(seed: 5);
        using var adamw = optim.AdamW(model.parameters(), lr: 0.001, beta1: 0.9, beta2: 0.999, weight_decay: 0.01);
        var driver = adamw.UseSchedule(Spec);
        driver.SetsMomentum.Should().BeTrue();

        var records = new List<StepRecord>();
        for (int k = 0; k < Steps; k++)
        {
            records.Add(Harness.Step(model, adamw, _x, _y));
            driver.Step();
        }

        for (int k = 0; k < Steps; k++)
        {
            records[k].Lrs.Should().Equal([expectedLrs[k]], "update {0} runs with step {0}'s learning rate", k);
            records[k].Momentums.Should().Equal([expectedBeta1[k]], "update {0} runs with step {0}'s beta1", k);
        }

        ((IParameterGroups)adamw.AsParameterGroups()).GetMomentum(0).Should().Be(0.95, "beta1 is back at max_momentum after the cycle");
        adamw.Betas.Item2.Should().Be(0.999, "beta2 is never touched");
        records.Min(r => r.Momentums[0]).Should().Be(0.85, "beta1 reaches base_momentum at the peak");
        records.Max(r => r.Lrs[0]).Should().BeApproximately(0.1, 1e-15);
        records[^1].Loss.Should().BeLessThan(records[0].Loss / 100, "the MLP fits sin(2x) (loss {0} -> {1})", records[0].Loss, records[^1].Loss);
    }

    [Fact]
    public void The_stateful_OneCycleLR_over_AdamW_matches_the_in_memory_reference_run()
    {
        var reference = new ParameterGroups(0.001, momentum: 0.9);
        var referenceScheduler = Create(reference);

        using var model = Mlp(seed: 5);
        using var adamw = optim.AdamW(model.parameters(), lr: 0.001, beta1: 0.9);
        var scheduler = adamw.Attach(Create);
        for (int k = 0; k < Steps; k++)
        {
            var record = Harness.Step(model, adamw, _x, _y);
            record.Lrs.Should().Equal([reference.GetLearningRate(0)], "update {0}", k);
            record.Momentums.Should().Equal([reference.GetMomentum(0)], "update {0}", k);
            scheduler.Step();
            referenceScheduler.Step();
        }

        scheduler.LastEpoch.Should().Be(Steps);
        scheduler.SaveCheckpoint().ToJsonString().Should().Be(referenceScheduler.SaveCheckpoint().ToJsonString(),
            "the adapter's state has the in-memory groups' format and, after the same steps, the same numbers");
    }

    [Fact]
    public void Saving_and_restoring_scheduler_and_adapter_state_mid_run_continues_bit_identically()
    {
        const int checkpointAt = 83;

        using var model = Mlp(seed: 9);
        using var adamw = optim.AdamW(model.parameters(), lr: 0.001, beta1: 0.9);
        var scheduler = adamw.Attach(Create);
        var expected = new List<StepRecord>();
        for (int k = 0; k < Steps; k++)
        {
            expected.Add(Harness.Step(model, adamw, _x, _y));
            scheduler.Step();
        }

        float[][] weights;
        byte[] optimizerState;
        string checkpoint;
        var actual = new List<StepRecord>();
        using (var first = Mlp(seed: 9))
        {
            using var firstAdamw = optim.AdamW(first.parameters(), lr: 0.001, beta1: 0.9);
            var firstScheduler = firstAdamw.Attach(Create);
            for (int k = 0; k < checkpointAt; k++)
            {
                actual.Add(Harness.Step(first, firstAdamw, _x, _y));
                firstScheduler.Step();
            }

            weights = Harness.Snapshot(first);
            optimizerState = Harness.SaveOptimizer(firstAdamw);
            checkpoint = firstScheduler.SaveCheckpoint().ToJsonString();
        }

        // Resume into fresh objects: the optimizer's own state, then a newly constructed scheduler (its initial step writes
        // step 0's lr and beta1), then the checkpoint (scheduler progress, then the groups' lr, initial_lr and beta1).
        using var resumed = Mlp(seed: 1);
        Harness.Restore(resumed, weights);
        using var resumedAdamw = optim.AdamW(resumed.parameters(), lr: 0.001, beta1: 0.9);
        Harness.LoadOptimizer(resumedAdamw, optimizerState);
        var resumedScheduler = resumedAdamw.Attach(Create);
        resumedScheduler.LoadCheckpoint(JsonNode.Parse(checkpoint)!.AsObject());
        resumedScheduler.LastEpoch.Should().Be(checkpointAt);
        for (int k = checkpointAt; k < Steps; k++)
        {
            actual.Add(Harness.Step(resumed, resumedAdamw, _x, _y));
            resumedScheduler.Step();
        }

        actual.Select(r => r.Lrs[0]).Should().Equal(expected.Select(r => r.Lrs[0]));
        actual.Select(r => r.Momentums[0]).Should().Equal(expected.Select(r => r.Momentums[0]));
        actual.Select(r => BitConverter.DoubleToInt64Bits(r.Loss)).Should().Equal(expected.Select(r => BitConverter.DoubleToInt64Bits(r.Loss)));
        Harness.Bits(Harness.Snapshot(resumed)).Should().BeEquivalentTo(Harness.Bits(Harness.Snapshot(model)), o => o.WithStrictOrdering());
        resumedScheduler.SaveCheckpoint().ToJsonString().Should().Be(scheduler.SaveCheckpoint().ToJsonString());
    }

    private static OneCycleLR Create(IParameterGroups groups) => new(groups, maxLr: [0.1], totalSteps: Steps, pctStart: 0.25);

    private static Sequential Mlp(int seed)
    {
        var model = Sequential(("hidden", Linear(1, 16)), ("tanh", Tanh()), ("out", Linear(16, 1)));
        Harness.Initialize(model, seed, scale: 0.8);
        return model;
    }
}
