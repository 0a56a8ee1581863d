using BenchmarkDotNet.Attributes;
using LrSchedules.Torch;
using LrSchedules.TorchSharp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LrSchedules.TorchSharpBenchmarks;

/// <summary>
/// One <c>step()</c> of PyTorch's CosineAnnealingLR (base lr 0.1, T_max 1000, eta_min 1e-5, one parameter group):
/// TorchSharp's scheduler over an SGD optimizer of one small parameter tensor, against LrSchedules'
/// <see cref="Torch.CosineAnnealingLR"/> over in-memory <see cref="ParameterGroups"/> and over the same kind of TorchSharp
/// optimizer through the LrSchedules.TorchSharp adapter, <see cref="TorchSharpParameterGroups"/>.
/// </summary>
/// <remarks>
/// Each invocation makes <see cref="Steps"/> calls, so the reported times and allocations are per step. The schedulers
/// are never reset: the schedule is periodic (period 2 T_max) and TorchSharp's int epoch cannot overflow in a run of
/// this length. <see cref="Setup"/> first checks that the three produce the same learning rates.
/// </remarks>
[MemoryDiagnoser]
public class CosineAnnealingStepBenchmarks
{
    /// <summary>Steps per invocation.</summary>
    public const int Steps = 1000;

    /// <summary>Base learning rate.</summary>
    public const double BaseLr = 0.1;

    /// <summary>PyTorch's <c>T_max</c>.</summary>
    public const int TMax = 1000;

    /// <summary>PyTorch's <c>eta_min</c>.</summary>
    public const double EtaMin = 1e-5;

    private Torch.CosineAnnealingLR _ours = null!;
    private Torch.CosineAnnealingLR _oursOverTorchSharp = null!;
    private optim.lr_scheduler.LRScheduler _torchSharp = null!;
    private readonly List<IDisposable> _disposables = [];

    /// <summary>Creates the three schedulers after checking that they agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        double maxDifference = Check(3 * 2 * TMax);
        Console.WriteLine($"// Check: max |lr difference| over {3 * 2 * TMax} steps (ours, ours over TorchSharp SGD vs TorchSharp) = {maxDifference:G3}");

        _ours = new Torch.CosineAnnealingLR(new ParameterGroups(BaseLr), TMax, EtaMin);
        _torchSharp = optim.lr_scheduler.CosineAnnealingLR(CreateSgd(_disposables), TMax, EtaMin);
        _oursOverTorchSharp = new Torch.CosineAnnealingLR(new TorchSharpParameterGroups(CreateSgd(_disposables)), TMax, EtaMin);
    }

    /// <summary>Disposes the TorchSharp tensors and optimizers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (IDisposable d in _disposables)
        {
            d.Dispose();
        }

        _disposables.Clear();
    }

    /// <summary>TorchSharp's <c>torch.optim.lr_scheduler.CosineAnnealingLR.step()</c> over SGD.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public void TorchSharpStep()
    {
        optim.lr_scheduler.LRScheduler s = _torchSharp;
        for (int i = 0; i < Steps; i++)
        {
            s.step();
        }
    }

    /// <summary>LrSchedules' <c>CosineAnnealingLR.Step()</c> over <see cref="ParameterGroups"/>.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public void LrSchedulesStep()
    {
        Torch.CosineAnnealingLR s = _ours;
        for (int i = 0; i < Steps; i++)
        {
            s.Step();
        }
    }

    /// <summary>LrSchedules' <c>CosineAnnealingLR.Step()</c> writing into a TorchSharp SGD optimizer's parameter group.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public void LrSchedulesStepOverTorchSharpSgd()
    {
        Torch.CosineAnnealingLR s = _oursOverTorchSharp;
        for (int i = 0; i < Steps; i++)
        {
            s.Step();
        }
    }

    /// <summary>
    /// Steps fresh instances of the three side by side for <paramref name="steps"/> steps and returns the largest absolute
    /// difference between LrSchedules' learning rates and TorchSharp's (as written into the optimizers' groups).
    /// </summary>
    /// <param name="steps">The number of steps.</param>
    /// <returns>The largest difference.</returns>
    /// <exception cref="InvalidOperationException">The schedules differ by more than rounding.</exception>
    public static double Check(int steps)
    {
        var disposables = new List<IDisposable>();
        try
        {
            var groups = new ParameterGroups(BaseLr);
            var ours = new Torch.CosineAnnealingLR(groups, TMax, EtaMin);
            SGD torchSgd = CreateSgd(disposables);
            optim.lr_scheduler.LRScheduler torchSharp = optim.lr_scheduler.CosineAnnealingLR(torchSgd, TMax, EtaMin);
            SGD adaptedSgd = CreateSgd(disposables);
            var oursOverTorchSharp = new Torch.CosineAnnealingLR(new TorchSharpParameterGroups(adaptedSgd), TMax, EtaMin);
            double max = 0;
            for (int step = 0; step <= steps; step++)
            {
                if (step > 0)
                {
                    ours.Step();
                    torchSharp.step();
                    oursOverTorchSharp.Step();
                }

                double expected = torchSgd.ParamGroups.Single().LearningRate;
                double adapted = adaptedSgd.ParamGroups.Single().LearningRate;
                double difference = Math.Max(Math.Abs(groups.GetLearningRate(0) - expected), Math.Abs(adapted - expected));
                max = Math.Max(max, difference);
                if (!(difference <= 1e-12))
                {
                    throw new InvalidOperationException(
                        $"At step {step} TorchSharp has lr {expected:R}, LrSchedules {groups.GetLearningRate(0):R}, LrSchedules over TorchSharp SGD {adapted:R}.");
                }
            }

            return max;
        }
        finally
        {
            foreach (IDisposable d in disposables)
            {
                d.Dispose();
            }
        }
    }

    private static SGD CreateSgd(List<IDisposable> disposables)
    {
        var parameter = new Parameter(zeros(4));
        disposables.Add(parameter);
        SGD sgd = optim.SGD([parameter], BaseLr);
        disposables.Add(sgd);
        return sgd;
    }
}
