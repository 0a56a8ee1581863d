using FluentAssertions;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>A torch.* spec is a whole spec only, and its values stay finite and non-negative after the cycle ends.</summary>
public sealed class TorchSpecNestingTests
{
    [Theory]
    [InlineData("""{"type":"shift","offset":9223372036854775807,"schedule":{"type":"torch.ConstantLR","lr":0.1,"args":{}}}""", "$.schedule.type")]
    [InlineData("""{"type":"warmup","warmup_steps":3,"schedule":{"type":"shift","offset":9223372036854775807,"schedule":{"type":"torch.ConstantLR","lr":0.1,"args":{}}}}""", "$.schedule.schedule.type")]
    [InlineData("""{"type":"optax.join_schedules","args":{"schedules":[{"type":"optax.constant_schedule","args":{"value":0.1}},{"type":"torch.StepLR","lr":0.1,"args":{"step_size":2}}],"boundaries":[5]}}""", "$.args.schedules[1].type")]
    public void A_torch_spec_inside_another_schedule_is_rejected_quickly(string json, string path)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().Throw<ScheduleSpecException>().Which.Path.Should().Be(path);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void OneCycle_three_phase_linear_holds_the_end_of_the_cycle_instead_of_extrapolating_below_zero()
    {
        var schedule = (IGroupedSchedule)ScheduleSpec.Parse("""
            {"type":"torch.OneCycleLR","lr":[0.1,0.1],"args":{"max_lr":[0.1,0.5],"total_steps":60,"pct_start":0.25,"anneal_strategy":"linear","three_phase":true,"div_factor":10.0,"final_div_factor":100.0,"cycle_momentum":false}}
            """);
        var lrs = new double[80 * 2];
        schedule.EvaluateGroups(0, 80, lrs, []);
        for (int k = 60; k < 80; k++)
        {
            lrs[k * 2].Should().Be(lrs[59 * 2]);
            lrs[(k * 2) + 1].Should().Be(lrs[(59 * 2) + 1]);
        }

        lrs.Should().OnlyContain(v => v >= 0 && double.IsFinite(v));
    }
}
