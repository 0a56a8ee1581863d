using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.optim;

namespace LrSchedules.TorchSharp.Tests;

/// <summary>What one optimizer update saw: per group the learning rate and momentum (or beta1) it ran with, and the loss.</summary>
internal sealed record StepRecord(double[] Lrs, double[] Momentums, double Loss);

/// <summary>Small deterministic models, data and a training step that records what <c>optimizer.step()</c> ran with.</summary>
internal static class Harness
{
    static Harness()
    {
        // Tiny tensors run on one thread anyway; fix it so that every run does the same floating-point operations.
        set_num_threads(1);
    }

    /// <summary>Runs the static constructor (one intra-op thread) before a test that trains without the other helpers.</summary>
    public static void EnsureInitialized()
    {
    }

    /// <summary>A float32 matrix from a seeded generator: uniform in [-1, 1).</summary>
    public static Tensor Uniform(Random random, long rows, long cols)
    {
        var data = new float[rows * cols];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return tensor(data, [rows, cols]);
    }

    /// <summary>Sets every parameter of <paramref name="model"/> from a seeded generator (uniform in [-scale, scale)).</summary>
    public static void Initialize(Module model, int seed, double scale)
    {
        var random = new Random(seed);
        using var guard = no_grad();
        foreach (var p in model.parameters())
        {
            var values = new float[p.numel()];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
            }

            using var t = tensor(values, p.shape);
            p.copy_(t);
        }
    }

    /// <summary>The parameters' values, in order.</summary>
    public static float[][] Snapshot(Module model) => [.. model.parameters().Select(p => p.data<float>().ToArray())];

    /// <summary>Copies values taken by <see cref="Snapshot"/> into a model of the same shape.</summary>
    public static void Restore(Module model, float[][] values)
    {
        using var guard = no_grad();
        int i = 0;
        foreach (var p in model.parameters())
        {
            using var t = tensor(values[i++], p.shape);
            p.copy_(t);
        }
    }

    /// <summary>
    /// One full-batch update with mean squared error: the loss is computed and back-propagated inside
    /// <c>optimizer.step(closure)</c>, which also records every group's learning rate and momentum (or beta1) as the optimizer
    /// holds them during that <c>step()</c> (TorchSharp calls the closure, then updates each group with its options).
    /// </summary>
    public static StepRecord Step(Module<Tensor, Tensor> model, Optimizer optimizer, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        double[] lrs = [];
        double[] momentums = [];
        double lossValue = double.NaN;
        optimizer.step(() =>
        {
            optimizer.zero_grad();
            var prediction = model.forward(x);
            var loss = (prediction - y).pow(2).mean();
            loss.backward();
            lossValue = loss.item<float>();
            var groups = optimizer.ParamGroups.ToArray();
            lrs = [.. groups.Select(g => g.LearningRate)];
            momentums = [.. groups.Select(g => g switch
            {
                IMomentum m => m.Momentum,
                IBetas b => b.Betas.Item1,
                _ => double.NaN,
            })];
            return loss;
        });
        return new StepRecord(lrs, momentums, lossValue);
    }

    /// <summary>The optimizer's own state (momentum buffers, Adam moments) through TorchSharp's binary state dict.</summary>
    public static byte[] SaveOptimizer(Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ((OptimizerHelper)optimizer).save_state_dict(writer);
        }

        return stream.ToArray();
    }

    public static void LoadOptimizer(Optimizer optimizer, byte[] state)
    {
        using var stream = new MemoryStream(state);
        using var reader = new BinaryReader(stream);
        ((OptimizerHelper)optimizer).load_state_dict(reader);
    }

    /// <summary>The bits of every parameter value, for bit-for-bit comparisons.</summary>
    public static int[][] Bits(float[][] values) => [.. values.Select(v => v.Select(BitConverter.SingleToInt32Bits).ToArray())];
}
