using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Docs;

/// <summary>The C# examples of docs/index.md (the tour and "resuming a run"), compiled and run; the last test keeps the copies identical.</summary>
public sealed class IndexDocTests
{
    [Fact]
    public void Tour_runs_as_documented()
    {
        // docs/index.md example: begin
        // Example: the tour
        // 1. A schedule is a value: 1,000 warmup steps, then a cosine decay to a tenth of the peak at step 10,000.
        var schedule = new WarmupSchedule(
            new CosineSchedule(initialValue: 3e-4, decaySteps: 9_000, finalValue: 3e-5),
            warmupSteps: 1_000);
        double peak = schedule.GetLearningRate(1_000); // 3e-4

        // 2. A whole range in one SIMD pass, without allocating: lrs[k] is the rate at step 5_000 + k.
        var lrs = new float[4_096];
        schedule.Evaluate(5_000, lrs);

        // 3. The config of the framework you came from, verbatim: here Hugging Face's warmup + cosine.
        ILearningRateSchedule hf = ScheduleSpec.Parse(
            """{"type": "hf.get_cosine_schedule_with_warmup", "lr": 3e-4, "args": {"num_warmup_steps": 1000, "num_training_steps": 10000}}""");

        // 4. PyTorch's stateful schedulers, bit-identical to torch.optim.lr_scheduler, driving an optimizer's groups
        //    (here an in-memory stand-in for SGD with momentum 0.9, which OneCycleLR cycles).
        var groups = new ParameterGroups(learningRates: [3e-4], momentums: [0.9]);
        var oneCycle = new OneCycleLR(groups, maxLr: [3e-4], totalSteps: 10_000);
        oneCycle.Step(); // after each optimizer.step()
        string checkpoint = oneCycle.SaveState().ToJsonString();
        // docs/index.md example: end

        peak.Should().Be(3e-4);
        lrs[0].Should().Be((float)schedule.GetLearningRate(5_000));
        hf.GetLearningRate(1_000).Should().Be(3e-4);
        groups.GetLearningRate(0).Should().BeGreaterThan(3e-4 / 25);
        checkpoint.Should().Contain("\"type\":\"OneCycleLR\"");
    }

    [Fact]
    public void Resuming_a_pure_schedule_runs_as_documented()
    {
        var schedule = new WarmupSchedule(new CosineSchedule(initialValue: 3e-4, decaySteps: 9_000, finalValue: 3e-5), warmupSteps: 1_000);
        var optimizerRates = new List<double>();

        // docs/index.md example: begin
        // Example: resuming a pure schedule
        // Nothing to save but the step counter, which the checkpoint of the model and optimizer already holds.
        long resumedStep = 4_200; // read from the checkpoint
        for (long step = resumedStep; step < 10_000; step++)
        {
            double lr = schedule.GetLearningRate(step);
            // optimizer.SetLearningRate(lr); optimizer.Step(); ...
            optimizerRates.Add(lr);
        }
        // docs/index.md example: end

        optimizerRates.Should().HaveCount(5_800);
        optimizerRates[0].Should().Be(schedule.GetLearningRate(4_200));
    }

    [Fact]
    public void Resuming_a_stateful_scheduler_runs_as_documented()
    {
        var reference = new ParameterGroups(learningRates: [0.1, 0.01]);
        var referenceScheduler = new CosineAnnealingLR(reference, tMax: 100, etaMin: 1e-4);
        for (int i = 0; i < 60; i++)
        {
            referenceScheduler.Step();
        }

        // docs/index.md example: begin
        // Example: resuming a stateful scheduler
        var groups = new ParameterGroups(learningRates: [0.1, 0.01]);
        var scheduler = new CosineAnnealingLR(groups, tMax: 100, etaMin: 1e-4);
        for (int i = 0; i < 40; i++)
        {
            scheduler.Step();
        }

        // Checkpoint: the scheduler's state and the groups' rates, saved beside the model.
        string schedulerState = scheduler.SaveState().ToJsonString();
        string groupsState = groups.SaveState().ToJsonString();

        // Resume in a new process: construct as before, then load both states (all-or-nothing, every field checked).
        var resumedGroups = new ParameterGroups(learningRates: [0.1, 0.01]);
        var resumed = new CosineAnnealingLR(resumedGroups, tMax: 100, etaMin: 1e-4);
        resumed.LoadState(JsonNode.Parse(schedulerState)!.AsObject());
        resumedGroups.LoadState(JsonNode.Parse(groupsState)!.AsObject());
        for (int i = 40; i < 60; i++)
        {
            resumed.Step(); // the same rates, bit for bit, as a run that never stopped
        }
        // docs/index.md example: end

        resumedGroups.GetLearningRate(0).Should().Be(reference.GetLearningRate(0));
        resumedGroups.GetLearningRate(1).Should().Be(reference.GetLearningRate(1));
    }

    [Fact]
    public void Changing_the_horizon_runs_as_documented()
    {
        // docs/index.md example: begin
        // Example: a changed horizon
        // Planned: 10,000 steps of WSD (1,000 warmup, 7,000 stable, 2,000 decay). At step 6,000, still in the stable
        // phase, the budget grows to 30,000 steps: keep what already ran, move the decay to the new end.
        var planned = new WarmupStableDecaySchedule(peakValue: 3e-4, warmupSteps: 1_000, stableSteps: 7_000, decaySteps: 2_000);
        var extended = new WarmupStableDecaySchedule(peakValue: 3e-4, warmupSteps: 1_000, stableSteps: 27_000, decaySteps: 2_000);
        // The two agree on every step that already ran, so the checkpoint at 6,000 continues without a jump.
        bool samePast = planned.GetLearningRate(5_999) == extended.GetLearningRate(5_999);

        // A cosine cannot be extended like that: its value at step 6,000 depends on the horizon. Keep the steps that
        // ran and decay from the current value over the new remainder instead.
        var cosine = new WarmupSchedule(new CosineSchedule(initialValue: 3e-4, decaySteps: 9_000), warmupSteps: 1_000);
        var cosineExtended = ContinualPretraining.ForkAnneal(cosine, branchStep: 6_000, annealSteps: 24_000, finalValue: 0, DecayShape.Cosine);
        // docs/index.md example: end

        samePast.Should().BeTrue();
        extended.GetLearningRate(27_999).Should().BeGreaterThan(0);
        extended.GetLearningRate(30_000).Should().Be(0);
        cosineExtended.GetLearningRate(5_999).Should().Be(cosine.GetLearningRate(5_999));
        cosineExtended.GetLearningRate(6_000).Should().Be(cosine.GetLearningRate(6_000));
        cosineExtended.GetLearningRate(30_000).Should().Be(0);
    }

    [Fact]
    public void Page_shows_the_same_code_as_these_tests()
        => DocSnippets.AssertPageMatchesTests("docs/index.md", "tests/LrSchedules.Tests/Docs/IndexDocTests.cs");
}
