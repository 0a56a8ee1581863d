using BenchmarkDotNet.Attributes;
using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Benchmarks;

/// <summary>Span evaluation against per-step calls for a warmup + cosine schedule.</summary>
[MemoryDiagnoser]
public class EvaluateBenchmarks
{
    private readonly WarmupSchedule _schedule = new WarmupSchedule(new CosineSchedule(initialValue: 0.1, decaySteps: 90_000, finalValue: 1e-4), warmupSteps: 10_000);
    private readonly double[] _destination = new double[100_000];

    [Benchmark(Baseline = true)]
    public void PerStep()
    {
        for (int i = 0; i < _destination.Length; i++)
        {
            _destination[i] = _schedule.GetLearningRate(i);
        }
    }

    [Benchmark]
    public void Span() => _schedule.Evaluate(0, _destination);
}
