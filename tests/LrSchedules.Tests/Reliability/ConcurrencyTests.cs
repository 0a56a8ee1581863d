using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// A shared immutable schedule evaluated from 8 threads at once (GetLearningRate and Evaluate, interleaved steps) gives
/// bit-for-bit the values of a single-threaded evaluation.
/// </summary>
public sealed class ConcurrencyTests
{
    public static TheoryData<string> Specs() =>
    [
        """{"type":"cosine","initial_value":0.1,"decay_steps":1000,"final_value":0.001}""",
        """{"type":"sequence","phases":[{"steps":100,"schedule":{"type":"warmup","warmup_steps":50,"schedule":{"type":"restarts","peak_value":0.1,"period":7,"period_multiplier":1.5,"peak_decay":0.8}}},{"steps":300,"schedule":{"type":"hold","hold_steps":20,"schedule":{"type":"anneal","initial_value":0.05,"final_value":0.001,"steps":200,"shape":"one_minus_sqrt"}}},{"schedule":{"type":"scale","factor":0.5,"schedule":{"type":"shift","offset":10,"schedule":{"type":"cyclic","base_value":0.001,"max_value":0.01,"steps_up":13,"mode":"triangular2"}}}}]}""",
        """{"type":"warmup_stable_decay","peak_value":0.01,"warmup_steps":30,"stable_steps":300,"decay_steps":200,"final_ratio":0.1,"decay_shape":"one_minus_sqrt","stable_timescale":50}""",
        """{"type":"infinite","peak_value":0.001,"warmup_steps":20,"cooldown_steps":40,"constant_value":0.0001,"constant_steps":260,"anneal_steps":80,"final_value":1e-05}""",
        """{"type":"plateau","initial_value":0.1,"metrics":[1,0.9,0.9,0.9,0.9,0.8,0.8,0.8,0.8,0.8,0.8,0.8],"factor":0.5,"patience":2}""",
        """{"type":"torch.OneCycleLR","lr":0.1,"momentum":0.9,"args":{"max_lr":0.1,"total_steps":500}}""",
        """{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":50,"eta_min":0.001}}""",
    ];

    [Theory]
    [MemberData(nameof(Specs))]
    public void Eight_threads_see_exactly_the_single_threaded_values(string spec)
    {
        const int steps = 1_200;
        var schedule = ScheduleSpec.Parse(spec);
        var expected = new double[steps];
        for (int k = 0; k < steps; k++)
        {
            expected[k] = schedule.GetLearningRate(k);
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var random = new Random(t);
            var span = new double[64];
            for (int round = 0; round < 200; round++)
            {
                int k = random.Next(steps);
                if (BitConverter.DoubleToInt64Bits(schedule.GetLearningRate(k)) != BitConverter.DoubleToInt64Bits(expected[k]))
                {
                    failures.Add("thread " + t + " GetLearningRate(" + k + ")");
                }

                int first = random.Next(steps - span.Length);
                schedule.Evaluate(first, span);
                for (int i = 0; i < span.Length; i++)
                {
                    if (BitConverter.DoubleToInt64Bits(span[i]) != BitConverter.DoubleToInt64Bits(expected[first + i]))
                    {
                        failures.Add("thread " + t + " Evaluate(" + first + ")[" + i + "]");
                    }
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }
}
