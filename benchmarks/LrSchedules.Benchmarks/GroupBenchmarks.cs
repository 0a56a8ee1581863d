using BenchmarkDotNet.Attributes;
using LrSchedules.Schedules;
using LrSchedules.Torch;

namespace LrSchedules.Benchmarks;

/// <summary>
/// The many-groups path (10,000 groups sharing a schedule with layer-wise factors) against a per-group scalar loop, and
/// the stateful PyTorch-compatible <see cref="CosineAnnealingLR.Step()"/> per step.
/// </summary>
[MemoryDiagnoser]
public class GroupBenchmarks
{
    private const int Groups = 10_000;
    private const int Steps = 1_000;

    private readonly CosineSchedule _schedule = new(0.1, 100_000, 1e-5);
    private readonly float[] _scales = new float[Groups];
    private readonly float[] _lrs = new float[Groups];
    private CosineAnnealingLR _torch = null!;

    /// <summary>Builds the factors and the stateful scheduler.</summary>
    [GlobalSetup]
    public void Setup()
    {
        GroupScales.LayerwiseDecay(0.9995, _scales);
        _torch = new CosineAnnealingLR(new ParameterGroups(0.1), 1_000, 1e-5);
    }

    /// <summary>One <c>GetLearningRate</c> per group, multiplied by its factor.</summary>
    [Benchmark(Baseline = true)]
    public void GroupsScalar()
    {
        for (int g = 0; g < _lrs.Length; g++)
        {
            _lrs[g] = (float)(_schedule.GetLearningRate(12_345) * _scales[g]);
        }
    }

    /// <summary><see cref="GroupScales.Evaluate(ILearningRateSchedule, long, ReadOnlySpan{float}, Span{float})"/>.</summary>
    [Benchmark]
    public void GroupsSpan() => GroupScales.Evaluate(_schedule, 12_345, _scales, _lrs);

    /// <summary><see cref="CosineAnnealingLR.Step()"/>, per step (the schedule is periodic, so it never runs out).</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public void TorchCosineAnnealingStep()
    {
        for (int i = 0; i < Steps; i++)
        {
            _torch.Step();
        }
    }
}
