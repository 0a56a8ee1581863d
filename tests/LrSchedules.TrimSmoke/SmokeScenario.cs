using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LrSchedules.Specs;
using LrSchedules.Torch;

namespace LrSchedules.TrimSmoke;

/// <summary>
/// What a trimmed or AOT-compiled app does with the library: specs parsed and written, spans evaluated, a stateful
/// <see cref="SequentialLR"/> stepped, its state saved as JSON text, reloaded into fresh objects and stepped on. Shared
/// (as a source file) by the smoke app and by the test that compares the published app's output with this scenario run
/// in-process.
/// </summary>
public static class SmokeScenario
{
    /// <summary>Runs the scenario and returns one line per value (<c>name value</c>, values in round-trip form).</summary>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> Run()
    {
        var lines = new List<string>();

        // A native spec: parse, evaluate a double and a float span, write it back and re-parse.
        var schedule = ScheduleSpec.Parse(
            """{"type":"warmup","warmup_steps":100,"schedule":{"type":"cosine","initial_value":0.1,"decay_steps":900,"final_value":0.0001}}""");
        var doubles = new double[300];
        schedule.Evaluate(50, doubles);
        var floats = new float[300];
        schedule.Evaluate(50, floats);
        for (int k = 0; k < doubles.Length; k += 37)
        {
            lines.Add("warmup-cosine[" + (50 + k) + "] " + R(doubles[k]) + " " + R(floats[k]));
        }

        string json = ScheduleSpec.ToJson(schedule);
        lines.Add("roundtrip-equal " + ScheduleSpec.Parse(json).Equals(schedule));
        lines.Add("json " + json);
        using (var document = JsonDocument.Parse(ScheduleSpec.ToJson(schedule, indented: true)))
        {
            lines.Add("indented-keys " + string.Join(",", document.RootElement.EnumerateObject().Select(p => p.Name)));
        }

        // Compat namespaces, including a torch.* spec with two parameter groups and a plateau schedule with metrics.
        foreach (string spec in new[]
        {
            """{"type":"optax.warmup_cosine_decay_schedule","args":{"init_value":0.0,"peak_value":1.0,"warmup_steps":10,"decay_steps":100,"end_value":0.01}}""",
            """{"type":"torch.OneCycleLR","lr":[0.1,0.01],"momentum":0.9,"args":{"max_lr":[1.0,0.1],"total_steps":50}}""",
            """{"type":"hf.get_wsd_schedule","lr":0.001,"args":{"num_warmup_steps":5,"num_decay_steps":20,"num_stable_steps":10,"decay_type":"1-sqrt"}}""",
        })
        {
            var compat = ScheduleSpec.Parse(spec);
            var values = new double[40];
            compat.Evaluate(3, values);
            lines.Add(SpecType(spec) + " " + string.Join(" ", values.Select(R)));
        }

        // Errors name the field and the range, also when trimmed.
        try
        {
            ScheduleSpec.Parse("""{"type":"cosine","initial_value":0.1,"decay_steps":0}""");
            lines.Add("error none");
        }
        catch (ScheduleSpecException ex)
        {
            lines.Add("error " + ex.Message);
        }

        // A schedule as a property of a config, through a source-generated serializer context and ScheduleJsonConverter.
        var config = JsonSerializer.Deserialize(
            """{"name":"run-1","schedule":{"type":"keras.CosineDecayRestarts","args":{"initial_learning_rate":0.1,"first_decay_steps":10,"t_mul":2.0,"m_mul":0.5}}}""",
            SmokeJsonContext.Default.SmokeConfig)!;
        lines.Add("config " + config.Name + " " + R(config.Schedule!.GetLearningRate(25)) + " " + JsonSerializer.Serialize(config, SmokeJsonContext.Default.SmokeConfig));
        lines.Add("index-spec " + ScheduleSpec.Parse(JsonNode.Parse("""{"type":"constant","value":0.25}""")!).GetLearningRate(3));

        // A stateful SequentialLR: 7 steps, save, reload into fresh objects, 8 more steps; against an uninterrupted run.
        var (groups, scheduler) = NewSequential();
        var (referenceGroups, reference) = NewSequential();
        for (int i = 0; i < 7; i++)
        {
            scheduler.Step();
            reference.Step();
        }

        string schedulerState = scheduler.SaveState().ToJsonString();
        string groupState = groups.SaveState().ToJsonString();
        lines.Add("state " + schedulerState);

        var (resumedGroups, resumed) = NewSequential();
        resumedGroups.LoadState(JsonNode.Parse(groupState)!.AsObject());
        resumed.LoadState(JsonNode.Parse(schedulerState)!.AsObject());
        for (int i = 0; i < 8; i++)
        {
            resumed.Step();
            reference.Step();
            lines.Add("sequential[" + (8 + i) + "] " + R(resumedGroups.GetLearningRate(0)) + " " + R(resumedGroups.GetLearningRate(1))
                + " same-as-uninterrupted " + (resumedGroups.GetLearningRate(0) == referenceGroups.GetLearningRate(0)
                    && resumedGroups.GetLearningRate(1) == referenceGroups.GetLearningRate(1)));
        }

        return lines;
    }

    private static (ParameterGroups Groups, SequentialLR Scheduler) NewSequential()
    {
        var groups = new ParameterGroups([0.1, 0.02]);
        var warmup = new LinearLR(groups, startFactor: 0.1, endFactor: 1.0, totalIters: 5);
        var cosine = new CosineAnnealingLR(groups, tMax: 20, etaMin: 1e-4);
        return (groups, new SequentialLR(groups, [warmup, cosine], [5]));
    }

    private static string SpecType(string spec)
    {
        using var document = JsonDocument.Parse(spec);
        return document.RootElement.GetProperty("type").GetString()!;
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string R(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A training config with a schedule in it.</summary>
public sealed class SmokeConfig
{
    /// <summary>The run's name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>The schedule, as its spec.</summary>
    [JsonPropertyName("schedule")]
    [JsonConverter(typeof(ScheduleJsonConverter))]
    public ILearningRateSchedule? Schedule { get; init; }
}

/// <summary>The source-generated serializer context of <see cref="SmokeConfig"/> (no reflection: trimming and AOT safe).</summary>
[JsonSerializable(typeof(SmokeConfig))]
public sealed partial class SmokeJsonContext : JsonSerializerContext;
