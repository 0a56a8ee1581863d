using FluentAssertions;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Specs.Compat;

/// <summary>reference.infinite_lr without a cooldown interval (warmup_ratio == cooldown_ratio), against the authors' formula.</summary>
public sealed class ReferenceInfiniteEdgeTests
{
    [Fact]
    public void Without_a_cooldown_the_peak_holds_at_the_end_of_warmup_then_the_constant_phase_starts()
    {
        const int T = 100;
        const double start = 1e-3, constant = 1e-4, min = 1e-5;
        var schedule = ScheduleSpec.Parse("""
            {"type":"reference.infinite_lr","args":{"total_iterations":100,"current_task":0,"warmup_ratio":0.1,"cooldown_ratio":0.1,"constant_ratio":0.8,"start_lr":0.001,"constant_lr":0.0001,"min_lr":0.00001}}
            """);
        for (int step = 0; step < T; step++)
        {
            // The authors' infinite_lr with warmup_iters = cooldown_iters = 10 and constant_iters = 80.
            double expected = step <= 10 ? step / 10.0 * start
                : step <= 80 ? constant
                : constant * Math.Exp(-1 * (-Math.Log(min / constant) / (T - 80)) * (step - 80));
            double actual = schedule.GetLearningRate(step);
            Math.Abs(actual - expected).Should().BeLessThanOrEqualTo(1e-12 * expected + 1e-18, "step {0}", step);
        }
    }
}
