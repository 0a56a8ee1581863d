using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Torch;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LrSchedules.TorchSharp.Tests;

/// <summary>(c) Several parameter groups: per-group scales (layer-wise decay) and per-group PyTorch-compatible bounds.</summary>
public sealed class MultiGroupTrainingTests : IDisposable
{
    private const int Steps = 240;

    private readonly Tensor _x;
    private readonly Tensor _y;

    public MultiGroupTrainingTests()
    {
        _x = linspace(-1, 1, 48).reshape(48, 1);
        _y = (_x * 2).sin() * 0.8;
    }

    public void Dispose()
    {
        _x.Dispose();
        _y.Dispose();
    }

    [Fact]
    public void Layerwise_scales_give_each_group_the_scaled_rate_bit_for_bit()
    {
        var schedule = new CosineSchedule(initialValue: 0.2, decaySteps: Steps, finalValue: 0.005);
        var scales = new double[3];
        GroupScales.LayerwiseDecay(0.5, scales); // [0.25, 0.5, 1]: the first layer learns slowest
        var expected = new double[3];

        using var model = Mlp(seed: 21);
        using var sgd = optim.SGD(Groups(model), learningRate: 0.2, momentum: 0.9);
        sgd.ParamGroups.Should().HaveCount(3);
        var driver = sgd.UseSchedule(schedule, scales);
        driver.Scales.ToArray().Should().Equal(0.25, 0.5, 1.0);

        var records = new List<StepRecord>();
        for (int k = 0; k < Steps; k++)
        {
            records.Add(Harness.Step(model, sgd, _x, _y));
            driver.Step();
        }

        for (int k = 0; k < Steps; k++)
        {
            GroupScales.Evaluate(schedule, k, scales, expected);
            records[k].Lrs.Should().Equal(expected, "update {0}", k);
            records[k].Lrs.Should().Equal(
                [schedule.GetLearningRate(k) * 0.25, schedule.GetLearningRate(k) * 0.5, schedule.GetLearningRate(k)], "update {0}", k);
            records[k].Momentums.Should().Equal([0.9, 0.9, 0.9]);
        }

        records[^1].Loss.Should().BeLessThan(records[0].Loss / 20, "the MLP fits (loss {0} -> {1})", records[0].Loss, records[^1].Loss);
    }

    [Fact]
    public void CyclicLR_with_per_group_bounds_over_SGD_matches_the_in_memory_reference_run()
    {
        static CyclicLR Create(IParameterGroups groups) => new(
            groups, baseLr: [0.005, 0.01, 0.02], maxLr: [0.05, 0.1, 0.2], stepSizeUp: 30, stepSizeDown: 50, mode: CyclicMode.Triangular2,
            baseMomentum: [0.8], maxMomentum: [0.9, 0.92, 0.95]);

        var reference = new ParameterGroups([0.2, 0.2, 0.2], [0.9, 0.9, 0.9]);
        var referenceScheduler = Create(reference);

        using var model = Mlp(seed: 4);
        using var sgd = optim.SGD(Groups(model), learningRate: 0.2, momentum: 0.9);
        var scheduler = sgd.Attach(Create);
        var records = new List<StepRecord>();
        for (int k = 0; k < Steps; k++)
        {
            var record = Harness.Step(model, sgd, _x, _y);
            record.Lrs.Should().Equal([reference.GetLearningRate(0), reference.GetLearningRate(1), reference.GetLearningRate(2)], "update {0}", k);
            record.Momentums.Should().Equal([reference.GetMomentum(0), reference.GetMomentum(1), reference.GetMomentum(2)], "update {0}", k);
            records.Add(record);
            scheduler.Step();
            referenceScheduler.Step();
        }

        records.Select(r => r.Lrs[2]).Distinct().Should().HaveCountGreaterThan(100, "the rates cycle");
        records[^1].Loss.Should().BeLessThan(records[0].Loss / 20, "the MLP fits (loss {0} -> {1})", records[0].Loss, records[^1].Loss);
    }

    /// <summary>One TorchSharp SGD parameter group per layer: hidden weight and bias, second layer, output layer.</summary>
    private static SGD.ParamGroup[] Groups(Sequential model)
    {
        var p = model.parameters().ToArray();
        return [new SGD.ParamGroup { Parameters = p[0..2] }, new SGD.ParamGroup { Parameters = p[2..4] }, new SGD.ParamGroup { Parameters = p[4..6] }];
    }

    private static Sequential Mlp(int seed)
    {
        var model = Sequential(("l1", Linear(1, 12)), ("t1", Tanh()), ("l2", Linear(12, 12)), ("t2", Tanh()), ("out", Linear(12, 1)));
        Harness.Initialize(model, seed, scale: 0.7);
        return model;
    }
}
