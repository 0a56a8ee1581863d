using System.Text.Json.Nodes;
using CsCheck;
using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Torch;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace LrSchedules.TorchSharp.Tests;

/// <summary><see cref="OptimizerSchedule"/>, <c>UseSchedule</c>, <c>Attach</c> and checkpoints: timing, validation and state.</summary>
public sealed class OptimizerScheduleTests : IDisposable
{
    private static readonly WarmupSchedule Warmup = new WarmupSchedule(new CosineSchedule(0.1, 100, 1e-3), warmupSteps: 10);

    private readonly Parameter _p1 = new(zeros(3));
    private readonly Parameter _p2 = new(zeros(2));

    public void Dispose()
    {
        _p1.Dispose();
        _p2.Dispose();
    }

    [Fact]
    public void The_groups_hold_step_0_after_creation_and_step_k_after_k_steps()
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.5);
        var driver = sgd.UseSchedule(Warmup);
        driver.CurrentStep.Should().Be(0);
        sgd.ParamGroups.Single().LearningRate.Should().Be(Warmup.GetLearningRate(0));
        for (int k = 1; k <= 150; k++)
        {
            driver.Step();
            driver.CurrentStep.Should().Be(k);
            sgd.ParamGroups.Single().LearningRate.Should().Be(Warmup.GetLearningRate(k));
            driver.GetLastLr().ToArray().Should().Equal(Warmup.GetLearningRate(k));
        }

        driver.SetsMomentum.Should().BeFalse();
        driver.Schedule.Should().BeSameAs(Warmup);
        driver.Groups.Should().BeOfType<TorchSharpParameterGroups>();
        driver.Scales.ToArray().Should().Equal(1.0);
    }

    [Fact]
    public void Step_allocates_nothing()
    {
        using var sgd = optim.SGD([new SGD.ParamGroup { Parameters = [_p1] }, new SGD.ParamGroup { Parameters = [_p2] }], learningRate: 0.5, momentum: 0.9);
        var driver = sgd.UseSchedule(Warmup, [0.5, 1.0]);
        var scheduler = sgd.Attach(g => new CosineAnnealingLR(g, tMax: 100));
        for (int k = 0; k < 100; k++)
        {
            driver.Step(); // warm up (JIT, tiering)
            scheduler.Step();
        }

        // The least of three measurements, as the core's allocation tests do (a background allocation can land in one).
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 1_000; k++)
            {
                driver.Step();
                scheduler.Step();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        least.Should().Be(0, "OptimizerSchedule.Step() and a scheduler's Step() over TorchSharpParameterGroups allocate nothing");
    }

    [Fact]
    public void Saved_progress_restores_the_rates_of_the_saved_step_at_any_step()
        => Gen.Long[0, 1L << 40].Sample(step =>
        {
            using var sgd = optim.SGD([_p1], learningRate: 0.5);
            var driver = sgd.UseSchedule(Warmup);
            driver.LoadState(JsonNode.Parse("{\"type\":\"OptimizerSchedule\",\"step\":" + step + "}")!.AsObject());
            driver.CurrentStep.Should().Be(step);
            sgd.ParamGroups.Single().LearningRate.Should().Be(Warmup.GetLearningRate(step));
            driver.SaveState().ToJsonString().Should().Be("{\"type\":\"OptimizerSchedule\",\"step\":" + step + "}");
        }, iter: 200);

    [Theory]
    [InlineData("""{"type":"OptimizerSchedule"}""", "state.step is missing")]
    [InlineData("""{"type":"OptimizerSchedule","step":-1}""", "state.step must be an integer in [0, 9223372036854775807]")]
    [InlineData("""{"type":"OptimizerSchedule","step":1.5}""", "state.step must be an integer")]
    [InlineData("""{"type":"OneCycleLR","step":1}""", "state.type is \"OneCycleLR\"")]
    [InlineData("""{"type":"OptimizerSchedule","step":1,"last_epoch":1}""", "state.last_epoch is not a field")]
    public void Malformed_states_are_rejected_and_change_nothing(string json, string message)
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.5);
        var driver = sgd.UseSchedule(Warmup);
        driver.Step();
        driver.Invoking(d => d.LoadState(JsonNode.Parse(json)!.AsObject())).Should().Throw<ArgumentException>()
            .Where(e => e.Message.StartsWith(message, StringComparison.Ordinal) && e.ParamName == "state");
        driver.CurrentStep.Should().Be(1);
        sgd.ParamGroups.Single().LearningRate.Should().Be(Warmup.GetLearningRate(1));
    }

    [Fact]
    public void The_last_step_cannot_be_passed()
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.5);
        var driver = sgd.UseSchedule(new ConstantSchedule(0.01));
        driver.LoadState(JsonNode.Parse("""{"type":"OptimizerSchedule","step":9223372036854775807}""")!.AsObject());
        driver.Invoking(d => d.Step()).Should().Throw<InvalidOperationException>();
        driver.CurrentStep.Should().Be(long.MaxValue);
    }

    [Fact]
    public void Scales_must_fit_the_groups()
    {
        using var sgd = optim.SGD([new SGD.ParamGroup { Parameters = [_p1] }, new SGD.ParamGroup { Parameters = [_p2] }], learningRate: 0.5);
        sgd.Invoking(o => o.UseSchedule(Warmup, [1.0])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("perGroupScales");
        sgd.Invoking(o => o.UseSchedule(Warmup, [1.0, -0.5])).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("perGroupScales");
        sgd.Invoking(o => o.UseSchedule(Warmup, [1.0, double.NaN])).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("perGroupScales");
        sgd.Invoking(o => o.UseSchedule(Warmup, [double.PositiveInfinity, 1])).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("perGroupScales");
        sgd.Invoking(o => o.UseSchedule((ILearningRateSchedule)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedule");
        FluentActions.Invoking(() => ((Optimizer)null!).UseSchedule(Warmup)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
        sgd.ParamGroups.Select(g => g.LearningRate).Should().Equal([0.5, 0.5], "a rejected call changes nothing");
        sgd.UseSchedule(Warmup, [0.0, 2.0]).GetLastLr().ToArray().Should().Equal(0.0, Warmup.GetLearningRate(0) * 2);
    }

    [Fact]
    public void A_grouped_torch_spec_gives_each_group_its_own_rate_and_momentum()
    {
        const string Spec = """{"type":"torch.CyclicLR","lr":[0.1,0.2],"momentum":0.9,"args":{"base_lr":[0.01,0.02],"max_lr":[0.1,0.3],"step_size_up":4}}""";
        var schedule = (IGroupedSchedule)ScheduleSpec.Parse(Spec);
        var lrs = new double[2 * 20];
        var momentums = new double[2 * 20];
        schedule.EvaluateGroups(0, 20, lrs, momentums);

        using var sgd = optim.SGD([new SGD.ParamGroup { Parameters = [_p1] }, new SGD.ParamGroup { Parameters = [_p2] }], learningRate: 0.5, momentum: 0.5);
        var driver = sgd.UseSchedule(Spec);
        driver.SetsMomentum.Should().BeTrue();
        driver.Scales.IsEmpty.Should().BeTrue();
        for (int k = 0; k < 20; k++)
        {
            sgd.ParamGroups.Select(g => g.LearningRate).Should().Equal(lrs[2 * k], lrs[(2 * k) + 1]);
            sgd.ParamGroups.Select(g => ((IMomentum)g).Momentum).Should().Equal(momentums[2 * k], momentums[(2 * k) + 1]);
            driver.Step();
        }

        sgd.Invoking(o => o.UseSchedule(schedule, [1.0, 1.0])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("perGroupScales");
        using var one = optim.SGD([_p1], learningRate: 0.5, momentum: 0.5);
        one.Invoking(o => o.UseSchedule(schedule)).Should().Throw<ArgumentException>().WithMessage("schedule has 2 parameter groups, but the optimizer has 1.*");
        using var adagrad = optim.Adagrad([_p1], lr: 0.01);
        adagrad.Invoking(o => o.UseSchedule("""{"type":"torch.StepLR","lr":0.1,"momentum":0.9,"args":{"step_size":3}}"""))
            .Should().Throw<ArgumentException>().WithMessage("schedule sets momentums*");
        adagrad.UseSchedule("""{"type":"torch.StepLR","lr":0.1,"args":{"step_size":3}}""").SetsMomentum.Should().BeFalse();
    }

    [Fact]
    public void An_invalid_spec_names_its_field()
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.5);
        sgd.Invoking(o => o.UseSchedule("""{"type":"cosine","initial_value":0.1,"decay_steps":0}""")).Should().Throw<ScheduleSpecException>()
            .Which.Path.Should().Be("$.decay_steps");
        sgd.Invoking(o => o.UseSchedule((string)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("spec");
    }

    [Fact]
    public void Attach_requires_a_scheduler_over_the_given_groups()
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.5);
        sgd.Invoking(o => o.Attach(_ => new StepLR(new ParameterGroups(0.1), stepSize: 2))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("create");
        sgd.Invoking(o => o.Attach<StepLR>(_ => null!)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("create");
        sgd.Invoking(o => o.Attach<StepLR>(null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("create");

        var sequential = sgd.Attach(g => new SequentialLR(g, [new LinearLR(g, startFactor: 0.1, totalIters: 5), new CosineAnnealingLR(g, tMax: 20)], milestones: [5]));
        var reference = new ParameterGroups(0.5);
        var referenceScheduler = new SequentialLR(reference, [new LinearLR(reference, startFactor: 0.1, totalIters: 5), new CosineAnnealingLR(reference, tMax: 20)], milestones: [5]);
        for (int k = 0; k < 30; k++)
        {
            sgd.ParamGroups.Single().LearningRate.Should().Be(reference.GetLearningRate(0));
            sequential.Step();
            referenceScheduler.Step();
        }
    }

    [Fact]
    public void Checkpoints_are_all_or_nothing()
    {
        using var sgd = optim.SGD([_p1], learningRate: 0.1, momentum: 0.9);
        var scheduler = sgd.Attach(g => new OneCycleLR(g, maxLr: [0.1], totalSteps: 50));
        for (int k = 0; k < 10; k++)
        {
            scheduler.Step();
        }

        string saved = scheduler.SaveCheckpoint().ToJsonString();
        scheduler.Step();
        string after = scheduler.SaveCheckpoint().ToJsonString();

        var badGroups = JsonNode.Parse(saved)!.AsObject();
        badGroups["parameter_groups"]!["momentum"] = new JsonArray(0.9, 0.9);
        scheduler.Invoking(s => s.LoadCheckpoint(badGroups)).Should().Throw<ArgumentException>().WithMessage("state.momentum has 2 entries*");
        scheduler.SaveCheckpoint().ToJsonString().Should().Be(after, "neither half was applied");

        var badScheduler = JsonNode.Parse(saved)!.AsObject();
        badScheduler["scheduler"]!["last_epoch"] = "ten";
        scheduler.Invoking(s => s.LoadCheckpoint(badScheduler)).Should().Throw<ArgumentException>();
        scheduler.SaveCheckpoint().ToJsonString().Should().Be(after);

        var extra = JsonNode.Parse(saved)!.AsObject();
        extra["optimizer"] = 1;
        scheduler.Invoking(s => s.LoadCheckpoint(extra)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("checkpoint");

        scheduler.LoadCheckpoint(JsonNode.Parse(saved)!.AsObject());
        scheduler.SaveCheckpoint().ToJsonString().Should().Be(saved);

        // The same over in-memory groups, where the groups' half is validated by applying it (and undone on failure).
        var groups = new ParameterGroups(0.1, momentum: 0.9);
        var inMemory = new OneCycleLR(groups, maxLr: [0.1], totalSteps: 50);
        string before = inMemory.SaveCheckpoint().ToJsonString();
        inMemory.Invoking(s => s.LoadCheckpoint(badGroups)).Should().Throw<ArgumentException>();
        inMemory.SaveCheckpoint().ToJsonString().Should().Be(before);
    }

    [Fact]
    public void Checkpoints_need_groups_with_state()
    {
        var scheduler = new StepLR(new OpaqueGroups(), stepSize: 2);
        scheduler.Invoking(s => s.SaveCheckpoint()).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scheduler");
        scheduler.Invoking(s => s.LoadCheckpoint(JsonNode.Parse("""{"scheduler":{},"parameter_groups":{}}""")!.AsObject()))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scheduler");
    }

    private sealed class OpaqueGroups : IParameterGroups
    {
        private double _lr = 0.1;
        private double? _initial;

        public int Count => 1;

        public bool SupportsMomentum => false;

        public double GetLearningRate(int index) => _lr;

        public void SetLearningRate(int index, double value) => _lr = value;

        public double? GetInitialLearningRate(int index) => _initial;

        public void SetInitialLearningRate(int index, double value) => _initial = value;

        public double GetMomentum(int index) => throw new NotSupportedException();

        public void SetMomentum(int index, double value) => throw new NotSupportedException();
    }
}
