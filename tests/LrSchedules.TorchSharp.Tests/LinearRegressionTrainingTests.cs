using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace LrSchedules.TorchSharp.Tests;

/// <summary>
/// (a) Linear regression trained with TorchSharp's SGD (momentum 0.9) for 300 steps under linear warmup + cosine decay,
/// driven by <c>optimizer.UseSchedule</c>, on the real libtorch.
/// </summary>
public sealed class LinearRegressionTrainingTests : IDisposable
{
    private const int Steps = 300;
    private const int Features = 4;
    private static readonly WarmupSchedule Schedule =
        new WarmupSchedule(new CosineSchedule(initialValue: 0.1, decaySteps: Steps - 30, finalValue: 1e-3), warmupSteps: 30);

    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly double[] _xRows;
    private readonly double[] _yRows;

    public LinearRegressionTrainingTests()
    {
        var random = new Random(1234);
        _x = Harness.Uniform(random, 128, Features);
        using var w = tensor(new float[] { 1.5f, -2.0f, 0.5f, 3.0f }, [Features, 1]);
        using var noise = Harness.Uniform(random, 128, 1);
        _y = _x.matmul(w) + 0.7f + (noise * 0.01f);
        _xRows = [.. _x.data<float>().ToArray().Select(v => (double)v)];
        _yRows = [.. _y.data<float>().ToArray().Select(v => (double)v)];
    }

    public void Dispose()
    {
        _x.Dispose();
        _y.Dispose();
    }

    [Fact]
    public void Every_update_runs_with_the_schedules_rate_and_the_loss_falls_to_the_least_squares_fit()
    {
        using var model = nn.Linear(Features, 1);
        Harness.Initialize(model, seed: 7, scale: 0.5);
        using var sgd = optim.SGD(model.parameters(), learningRate: 0.5, momentum: 0.9);
        var schedule = sgd.UseSchedule(Schedule);

        var records = new List<StepRecord>();
        for (int k = 0; k < Steps; k++)
        {
            records.Add(Harness.Step(model, sgd, _x, _y));
            schedule.Step();
        }

        for (int k = 0; k < Steps; k++)
        {
            // Bit for bit: the rate the optimizer ran with at its k-th update is the schedule's value at step k.
            records[k].Lrs.Should().Equal([Schedule.GetLearningRate(k)], "update {0} runs with step {0}'s rate", k);
            records[k].Momentums.Should().Equal([0.9], "the momentum is not scheduled");
        }

        records[0].Lrs[0].Should().Be(0.0, "linear warmup from 0");
        schedule.CurrentStep.Should().Be(Steps);
        schedule.GetLastLr().ToArray().Should().Equal(Schedule.GetLearningRate(Steps));
        records[^1].Loss.Should().BeLessThan(records[0].Loss / 1000, "the fit converges (loss {0} -> {1})", records[0].Loss, records[^1].Loss);

        // The trained weights approach the least-squares solution of the same data.
        var design = Matrix<double>.Build.Dense(128, Features + 1, (i, j) => j < Features ? _xRows[(i * Features) + j] : 1.0);
        var solution = design.Solve(Vector<double>.Build.DenseOfArray(_yRows));
        float[][] trained = Harness.Snapshot(model);
        for (int j = 0; j < Features; j++)
        {
            ((double)trained[0][j]).Should().BeApproximately(solution[j], 2e-3);
        }

        ((double)trained[1][0]).Should().BeApproximately(solution[Features], 2e-3);
    }

    [Fact]
    public void The_optimizer_updates_with_exactly_the_written_rate()
    {
        // Plain SGD without momentum on float64 parameters: one update is p - lr * grad, so the change of the parameter
        // divided by the gradient recovers the rate libtorch used, for a rate the optimizer was not constructed with.
        using var model = nn.Linear(Features, 1).to(float64);
        Harness.Initialize(model, seed: 3, scale: 0.5);
        using var sgd = optim.SGD(model.parameters(), learningRate: 0.5);
        var schedule = sgd.UseSchedule(new ConstantSchedule(0.0123));
        using var x = _x.to(float64);
        using var y = _y.to(float64);

        var weight = model.parameters().First();
        double[] before = weight.data<double>().ToArray();
        using (var prediction = model.forward(x))
        using (var loss = (prediction - y).pow(2).mean())
        {
            loss.backward();
        }

        double[] grad = weight.grad!.data<double>().ToArray();
        sgd.step();
        double[] after = weight.data<double>().ToArray();
        for (int j = 0; j < Features; j++)
        {
            double used = (before[j] - after[j]) / grad[j];
            used.Should().BeApproximately(0.0123, 1e-12, "parameter {0} moved by lr * grad", j);
        }

        schedule.CurrentStep.Should().Be(0);
    }

    [Fact]
    public void Saving_and_restoring_mid_run_continues_bit_identically()
    {
        const int checkpointAt = 117;

        // The uninterrupted run.
        using var model = nn.Linear(Features, 1);
        Harness.Initialize(model, seed: 11, scale: 0.5);
        using var sgd = optim.SGD(model.parameters(), learningRate: 0.5, momentum: 0.9);
        var schedule = sgd.UseSchedule(Schedule);
        var expected = new List<StepRecord>();
        for (int k = 0; k < Steps; k++)
        {
            expected.Add(Harness.Step(model, sgd, _x, _y));
            schedule.Step();
        }

        // The interrupted run: the same start, a checkpoint after `checkpointAt` updates, everything else thrown away.
        float[][] weights;
        byte[] optimizerState;
        string scheduleState;
        var actual = new List<StepRecord>();
        using (var first = nn.Linear(Features, 1))
        {
            Harness.Initialize(first, seed: 11, scale: 0.5);
            using var firstSgd = optim.SGD(first.parameters(), learningRate: 0.5, momentum: 0.9);
            var firstSchedule = firstSgd.UseSchedule(Schedule);
            for (int k = 0; k < checkpointAt; k++)
            {
                actual.Add(Harness.Step(first, firstSgd, _x, _y));
                firstSchedule.Step();
            }

            weights = Harness.Snapshot(first);
            optimizerState = Harness.SaveOptimizer(firstSgd);
            scheduleState = firstSchedule.SaveState().ToJsonString();
        }

        // Resume: fresh model (weights copied), fresh optimizer (its own state loaded), fresh schedule (state loaded).
        using var resumed = nn.Linear(Features, 1);
        Harness.Restore(resumed, weights);
        using var resumedSgd = optim.SGD(resumed.parameters(), learningRate: 0.5, momentum: 0.9);
        Harness.LoadOptimizer(resumedSgd, optimizerState);
        var resumedSchedule = resumedSgd.UseSchedule(Schedule);
        resumedSchedule.LoadState(JsonNode.Parse(scheduleState)!.AsObject());
        resumedSchedule.CurrentStep.Should().Be(checkpointAt);
        resumedSgd.ParamGroups.Single().LearningRate.Should().Be(Schedule.GetLearningRate(checkpointAt));
        for (int k = checkpointAt; k < Steps; k++)
        {
            actual.Add(Harness.Step(resumed, resumedSgd, _x, _y));
            resumedSchedule.Step();
        }

        actual.Select(r => r.Lrs[0]).Should().Equal(expected.Select(r => r.Lrs[0]));
        actual.Select(r => BitConverter.DoubleToInt64Bits(r.Loss)).Should().Equal(expected.Select(r => BitConverter.DoubleToInt64Bits(r.Loss)));
        Harness.Bits(Harness.Snapshot(resumed)).Should().BeEquivalentTo(Harness.Bits(Harness.Snapshot(model)), o => o.WithStrictOrdering());
    }
}
