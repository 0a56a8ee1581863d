using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// <see cref="TorchSchedule"/> evaluates spans in bounded memory (no buffer per span, whatever its length or the number
/// of groups), and keeps a long metric history in its canonical spec without a JSON node per metric.
/// </summary>
public sealed class TorchScheduleBoundsTests
{
    private const string Cosine = """{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":1000,"eta_min":0.001}}""";
    private const string Groups = """{"type":"torch.CosineAnnealingLR","lr":[0.1,0.01,1.0,0.5],"args":{"T_max":1000,"eta_min":0.001}}""";

    [Theory]
    [InlineData(Cosine)]
    [InlineData(Groups)]
    public void Spans_of_a_million_steps_allocate_no_buffer(string json)
    {
        var schedule = ScheduleSpec.Parse(json);
        var doubles = new double[1_000_000];
        var floats = new float[1_000_000];
        schedule.Evaluate(0, doubles);
        schedule.Evaluate(0, floats);

        // Before: a double buffer per float span (8 MB here) and, with several groups, a buffer of every group's
        // values (32 MB for four). Each call from step 0 builds a fresh scheduler: a few hundred bytes.
        long before = GC.GetAllocatedBytesForCurrentThread();
        schedule.Evaluate(0, floats);
        schedule.Evaluate(0, doubles);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(16 << 10);
    }

    [Theory]
    [InlineData(Cosine)]
    [InlineData(Groups)]
    public void Float_spans_across_chunks_are_group_0_of_the_replay(string json)
    {
        var schedule = (TorchSchedule)ScheduleSpec.Parse(json);
        const int Steps = 2_000;
        var all = new double[Steps * schedule.GroupCount];
        schedule.EvaluateGroups(0, Steps, all, []);
        var floats = new float[Steps - 3];
        var doubles = new double[Steps - 3];

        schedule.Evaluate(3, floats);
        schedule.Evaluate(3, doubles);

        for (int k = 0; k < floats.Length; k++)
        {
            floats[k].Should().Be((float)all[(k + 3) * schedule.GroupCount], "step {0}", k + 3);
            doubles[k].Should().Be(all[(k + 3) * schedule.GroupCount], "step {0}", k + 3);
        }
    }

    [Theory]
    [InlineData("""{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"patience":0}}""")]
    [InlineData("""{"type":"torch.ReduceLROnPlateau","metrics":[1.0, 2e0, 0.5,1E-300],"lr":[0.1,0.2],"args":{"patience":0}}""")]
    public void Canonical_spec_with_metrics_is_the_node_api_text(string json)
    {
        double[] supplied = [1, 0.5, -0.0, 1e-300, 1.7976931348623157e308, 0.1, -3, 123456789012345678];
        var schedule = (TorchSchedule)ScheduleSpec.Parse(json, supplied);

        // The text the node API writes: the metrics (the spec's own, else the supplied ones) replace a "metrics" member
        // in place, or come last.
        var node = JsonNode.Parse(json)!.AsObject();
        double[] metrics = node["metrics"] is JsonArray own ? [.. own.Select(m => m!.GetValue<double>())] : supplied;
        node["metrics"] = new JsonArray([.. metrics.Select(m => (JsonNode)m)]);
        schedule.Spec.Should().Be(node.ToJsonString());
        schedule.Metrics!.ToArray().Should().Equal(metrics);
        ScheduleSpec.Parse(schedule.Spec).Should().Be(schedule);
    }
}
