using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Benchmarks;

/// <summary>
/// Scalar <c>GetLearningRate</c> loop against <c>Evaluate</c> into <see cref="double"/> and <see cref="float"/> spans over
/// 1,000,000 steps, per schedule, with the bare <see cref="TensorPrimitives.CosPi{T}(ReadOnlySpan{T}, Span{T})"/> over
/// 1,000,000 floats as the hardware anchor.
/// </summary>
[MemoryDiagnoser]
public class EvaluateBenchmarks
{
    private const int Steps = 1_000_000;

    private readonly double[] _doubles = new double[Steps];
    private readonly float[] _floats = new float[Steps];
    private readonly float[] _positions = CreatePositions();
    private ILearningRateSchedule _schedule = null!;

    /// <summary>The schedule under test.</summary>
    [Params("cosine", "warmup+cosine", "sgdr", "wsd", "infinite", "one-cycle")]
    public string Schedule { get; set; } = "cosine";

    /// <summary>Builds the schedule.</summary>
    [GlobalSetup]
    public void Setup() => _schedule = Schedule switch
    {
        "cosine" => new CosineSchedule(0.1, Steps, 1e-5),
        "warmup+cosine" => new WarmupSchedule(new CosineSchedule(0.1, Steps - 1_000, 1e-5), 1_000),
        "sgdr" => new RestartsSchedule(0.1, 10_000, periodMultiplier: 2, floorValue: 1e-5),
        "wsd" => new WarmupStableDecaySchedule(0.1, 1_000, 799_000, 200_000, 1e-5),
        "infinite" => new InfiniteSchedule(0.1, 1_000, 99_000, 0.02, 700_000, 200_000, 1e-5),
        _ => new OneCycleSchedule(0.1, Steps),
    };

    /// <summary>One <c>GetLearningRate</c> call per step.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        for (int i = 0; i < _doubles.Length; i++)
        {
            _doubles[i] = _schedule.GetLearningRate(i);
        }
    }

    /// <summary><c>Evaluate(0, Span&lt;double&gt;)</c>.</summary>
    [Benchmark]
    public void SpanDouble() => _schedule.Evaluate(0, _doubles);

    /// <summary><c>Evaluate(0, Span&lt;float&gt;)</c>.</summary>
    [Benchmark]
    public void SpanFloat() => _schedule.Evaluate(0, _floats);

    /// <summary>The anchor: the bare vectorized cosine over the same number of floats (independent of the schedule).</summary>
    [Benchmark]
    public void BareCosPiFloat() => TensorPrimitives.CosPi<float>(_positions, _floats);

    /// <summary>The anchor in double precision.</summary>
    [Benchmark]
    public void BareCosPiDouble() => TensorPrimitives.CosPi<double>(_doubles, _doubles);

    private static float[] CreatePositions()
    {
        var p = new float[Steps];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = i / (float)Steps;
        }

        return p;
    }
}
