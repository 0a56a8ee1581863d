using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Evaluation;

/// <summary>Issue 5: zero heap allocation per <c>Evaluate</c> call, for every schedule family, long spans and short.</summary>
public sealed class EvaluateAllocationTests
{
    public static TheoryData<string> Names => new(Cases.Keys);

    private static readonly Dictionary<string, ILearningRateSchedule> Cases = new(StringComparer.Ordinal)
    {
        ["cosine"] = new CosineSchedule(0.1, 100_000, 1e-5),
        ["warmup+cosine"] = new WarmupSchedule(new CosineSchedule(0.1, 99_000, 1e-5), 1_000),
        ["sgdr"] = new RestartsSchedule(0.1, 1_000, periodMultiplier: 2, floorValue: 1e-5),
        ["wsd"] = new WarmupStableDecaySchedule(0.1, 1_000, 79_000, 20_000, 1e-5),
        ["infinite"] = new InfiniteSchedule(0.1, 1_000, 9_000, 0.02, 70_000, 20_000, 1e-5),
        ["one-cycle"] = new OneCycleSchedule(0.1, 100_000),
        ["exponential"] = new ExponentialSchedule(0.1, 0.96, 1_000),
        ["polynomial"] = new PolynomialSchedule(0.1, 0.001, 100_000, power: 2),
        ["multi-step"] = new MultiStepSchedule(0.1, [30_000, 60_000], 0.1),
        ["inverse-sqrt"] = new InverseSqrtSchedule(0.1, 1_000),
        ["restarts-real-tanh"] = new RestartsSchedule(0.1, 999.5, periodMultiplier: 1.5, shape: CycleShape.Tanh, kDecay: 1.5, cycleWarmupSteps: 10),
        ["cyclic-exp-range"] = new CyclicSchedule(1e-3, 0.1, 2_000, mode: CyclicMode.ExpRange, gamma: 0.9999),
        ["cosine-periodic-exponent"] = new CosineSchedule(0.1, 10_000, 1e-5, exponent: 1.5, cycles: 3, periodic: true),
        ["polynomial-fractional"] = new PolynomialSchedule(0.1, 0.001, 100_000, power: 2.7, cycle: true),
        ["anneal-power"] = new AnnealSchedule(0.1, 0, 100_000, DecayShape.Power, power: 1.7),
        ["spec"] = ScheduleSpec.Parse("""{"type":"optax.warmup_cosine_decay_schedule","args":{"init_value":0,"peak_value":0.1,"warmup_steps":1000,"decay_steps":100000}}"""),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Evaluate_allocates_nothing(string name)
    {
        var schedule = Cases[name];
        var doubles = new double[100_000];
        var floats = new float[100_000];
        schedule.Evaluate(0, doubles);
        schedule.Evaluate(0, floats);
        // The least of three measurements: a real per-call allocation shows in every one, while a one-off runtime
        // allocation on this thread (tiered compilation installing a rejitted method) shows in at most one.
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3 && least > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 3; i++)
            {
                schedule.Evaluate(i * 7, doubles);
                schedule.Evaluate(i * 7, floats);
                schedule.Evaluate(i * 13, doubles.AsSpan(0, 13));
                schedule.Evaluate(i * 13, floats.AsSpan(0, 13));
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        least.Should().Be(0);
    }
}
