using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using LrSchedules.Specs;

namespace LrSchedules.Benchmarks;

/// <summary>
/// One row group per schedule family over 1,000,000 steps, each against its physical floor measured in the same run:
/// <see cref="Span{T}.Fill"/> of the same buffer (the cost of only writing the output). The families and specs are
/// those of issue 14's table, so the ratios compare with it directly.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project benchmarks/LrSchedules.Benchmarks -- --filter '*FamilyBenchmarks*' --job short</c>.
/// The baseline of each group is <see cref="FillFloat"/>; <see cref="ScalarFloat"/> is the loop a user writes without the
/// span API (<c>(float)GetLearningRate(i)</c> per step). Every method of a group runs in its own process, so the buffers
/// start on a 64-byte boundary (pinned arrays, sliced at the first aligned element): otherwise each process's buffer
/// lands at another offset from a cache line, and the split 32-byte stores of a misaligned one moved single rows by
/// 30-40 % between runs.
/// </remarks>
[MemoryDiagnoser]
public class FamilyBenchmarks
{
    private const int Steps = 1_000_000;

    private static readonly Dictionary<string, string> Specs = new()
    {
        ["multi-step"] = """{"type":"multi_step","initial_value":0.1,"milestones":[300000,600000,900000],"gamma":0.1}""",
        ["wsd (hf, 1-sqrt)"] = """{"type":"hf.get_wsd_schedule","lr":0.1,"args":{"num_warmup_steps":1000,"num_decay_steps":200000,"num_training_steps":1000000,"decay_type":"1-sqrt"}}""",
        ["warmup+cosine (optax)"] = """{"type":"optax.warmup_cosine_decay_schedule","args":{"init_value":0,"peak_value":0.1,"warmup_steps":1000,"decay_steps":1000000,"end_value":1e-5}}""",
        ["sgdr (keras, t_mul 2)"] = """{"type":"keras.CosineDecayRestarts","args":{"initial_learning_rate":0.1,"first_decay_steps":10000,"t_mul":2,"alpha":0.0001}}""",
        ["infinite"] = """{"type":"infinite","peak_value":0.1,"warmup_steps":1000,"cooldown_steps":99000,"constant_value":0.02,"constant_steps":700000,"anneal_steps":200000,"final_value":1e-5}""",
        ["one-cycle (optax cosine)"] = """{"type":"optax.cosine_onecycle_schedule","args":{"transition_steps":1000000,"peak_value":0.1}}""",
        ["inverse sqrt (hf)"] = """{"type":"hf.get_inverse_sqrt_schedule","lr":0.1,"args":{"num_warmup_steps":1000}}""",
        ["exponential (optax)"] = """{"type":"optax.exponential_decay","args":{"init_value":0.1,"transition_steps":1000,"decay_rate":0.99}}""",
        ["cyclic exp_range"] = """{"type":"cyclic","base_value":0.01,"max_value":0.1,"steps_up":2000,"mode":"exp_range","gamma":0.99999}""",
        ["polynomial 2.5"] = """{"type":"polynomial","initial_value":0.1,"final_value":1e-5,"power":2.5,"decay_steps":1000000}""",
        ["polynomial 2.5 (optax)"] = """{"type":"optax.polynomial_schedule","args":{"init_value":0.1,"end_value":1e-5,"power":2.5,"transition_steps":1000000}}""",
        ["cosine"] = """{"type":"cosine","initial_value":0.1,"decay_steps":1000000,"final_value":1e-5}""",
        ["linear"] = """{"type":"linear","initial_value":0.1,"final_value":1e-5,"transition_steps":1000000}""",
    };

    private readonly double[] _doubleStore = GC.AllocateArray<double>(Steps + 8, pinned: true);
    private readonly float[] _floatStore = GC.AllocateArray<float>(Steps + 16, pinned: true);
    private ILearningRateSchedule _schedule = null!;

    /// <summary>The family (a key of the spec table).</summary>
    [ParamsSource(nameof(Families))]
    public string Family { get; set; } = "cosine";

    /// <summary>The families measured.</summary>
    public static IEnumerable<string> Families => Specs.Keys;

    /// <summary>Parses the family's spec.</summary>
    [GlobalSetup]
    public void Setup() => _schedule = ScheduleSpec.Parse(Specs[Family]);

    private Span<double> Doubles => _doubleStore.AsSpan(AlignedStart(_doubleStore, sizeof(double)), Steps);

    private Span<float> Floats => _floatStore.AsSpan(AlignedStart(_floatStore, sizeof(float)), Steps);

    /// <summary>The floor: writing 1,000,000 floats.</summary>
    [Benchmark(Baseline = true)]
    public void FillFloat() => Floats.Fill(0.5f);

    /// <summary>The floor in double.</summary>
    [Benchmark]
    public void FillDouble() => Doubles.Fill(0.5);

    /// <summary><c>Evaluate(0, Span&lt;float&gt;)</c>.</summary>
    [Benchmark]
    public void SpanFloat() => _schedule.Evaluate(0, Floats);

    /// <summary><c>Evaluate(0, Span&lt;double&gt;)</c>.</summary>
    [Benchmark]
    public void SpanDouble() => _schedule.Evaluate(0, Doubles);

    /// <summary>The loop without the span API: <c>(float)GetLearningRate(i)</c> per step.</summary>
    [Benchmark]
    public void ScalarFloat()
    {
        var floats = Floats;
        for (int i = 0; i < floats.Length; i++)
        {
            floats[i] = (float)_schedule.GetLearningRate(i);
        }
    }

    /// <summary>The index of the first element of a pinned array that starts a 64-byte line.</summary>
    private static int AlignedStart<T>(T[] pinned, int size)
        where T : unmanaged
    {
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0).ToInt64();
        return (int)(((64 - (address % 64)) % 64) / size);
    }
}
