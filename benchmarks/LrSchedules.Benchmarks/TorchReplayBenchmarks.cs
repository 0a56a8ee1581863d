using BenchmarkDotNet.Attributes;
using LrSchedules.Specs;

namespace LrSchedules.Benchmarks;

/// <summary>
/// The cost per step of replaying a <c>torch.*</c> spec whose recursion is its value (nothing to skip): each invocation
/// reads step 0 (which restarts the replay) and then step 10,000,000, so the time per operation is the time per
/// replayed step.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/LrSchedules.Benchmarks -- --filter '*TorchReplayBenchmarks*' --job short</c>.</remarks>
[MemoryDiagnoser]
public class TorchReplayBenchmarks
{
    private const int Steps = 10_000_000;

    private static readonly Dictionary<string, string> Specs = new()
    {
        ["ExponentialLR"] = """{"type":"torch.ExponentialLR","lr":0.1,"args":{"gamma":0.999999999}}""",
        ["StepLR (step_size 1)"] = """{"type":"torch.StepLR","lr":0.1,"args":{"step_size":1,"gamma":0.999999999}}""",
        ["LinearLR (total_iters 1e8)"] = """{"type":"torch.LinearLR","lr":0.1,"args":{"start_factor":0.001,"total_iters":100000000}}""",
        ["CosineAnnealingLR"] = """{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":1000}}""",
        ["ChainedScheduler (Exponential, Exponential)"] = """{"type":"torch.ChainedScheduler","lr":0.1,"args":{"schedulers":[{"type":"torch.ExponentialLR","args":{"gamma":0.999999999}},{"type":"torch.ExponentialLR","args":{"gamma":0.9999999999}}]}}""",
    };

    private ILearningRateSchedule _schedule = null!;

    /// <summary>The scheduler class (a key of the spec table).</summary>
    [ParamsSource(nameof(Classes))]
    public string Class { get; set; } = "ExponentialLR";

    /// <summary>The classes measured.</summary>
    public static IEnumerable<string> Classes => Specs.Keys;

    /// <summary>Parses the spec.</summary>
    [GlobalSetup]
    public void Setup() => _schedule = ScheduleSpec.Parse(Specs[Class]);

    /// <summary>Replays 10,000,000 steps from step 0.</summary>
    /// <returns>The learning rate at the last step (so the replay is not optimised away).</returns>
    [Benchmark(OperationsPerInvoke = Steps)]
    public double ReplayPerStep()
    {
        _schedule.GetLearningRate(0);
        return _schedule.GetLearningRate(Steps);
    }
}
