using System.Text.Json.Nodes;
using LrSchedules.Specs;

namespace LrSchedules.Cli;

/// <summary>
/// Legend labels for the schedules of one plot, derived from their specs: the type (with the types it wraps, as in
/// <c>warmup/cosine</c>), plus, among schedules of the same type, the values that tell them apart
/// (<c>cosine decay_steps=100</c> and <c>cosine decay_steps=200</c>).
/// </summary>
internal static class SpecLabels
{
    /// <summary>The longest label, in characters; longer ones end in "...".</summary>
    public const int MaxLength = 60;

    private const int MaxValues = 3;

    /// <summary>One label per schedule, in order, all different.</summary>
    public static IReadOnlyList<string> For(IReadOnlyList<ILearningRateSchedule> schedules)
    {
        var specs = schedules.Select(s => JsonNode.Parse(ScheduleSpec.ToJson(s))!.AsObject()).ToList();
        var types = specs.Select(TypeChain).ToList();
        var leaves = specs.Select(s =>
        {
            var values = new List<(string Path, string Leaf, string Value)>();
            Flatten(s, string.Empty, string.Empty, values);
            return values;
        }).ToList();

        var labels = new string[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            var sameType = Enumerable.Range(0, specs.Count).Where(j => types[j] == types[i]).ToList();
            string label = types[i];
            if (sameType.Count > 1)
            {
                var others = sameType.Where(j => j != i).Select(j => leaves[j].ToDictionary(l => l.Path, l => l.Value)).ToList();
                var distinct = leaves[i].Where(l => others.Any(o => !o.TryGetValue(l.Path, out string? v) || v != l.Value)).Take(MaxValues).ToList();
                if (distinct.Count > 0)
                {
                    label += " " + string.Join(", ", distinct.Select(l => l.Leaf + "=" + l.Value));
                }
            }

            labels[i] = Shorten(label);
        }

        // Identical specs (or ones that differ only past the shown values): number the repeats.
        for (int i = 0; i < labels.Length; i++)
        {
            int repeat = 1;
            for (int j = i + 1; j < labels.Length; j++)
            {
                if (labels[j] == labels[i])
                {
                    labels[j] = labels[i] + " (" + ++repeat + ")";
                }
            }
        }

        return labels;
    }

    /// <summary>The spec's type and the types of the schedules it wraps through <c>schedule</c> fields.</summary>
    private static string TypeChain(JsonObject spec)
    {
        var parts = new List<string>();
        for (JsonObject? o = spec; o is not null; o = o["schedule"] as JsonObject)
        {
            parts.Add(o["type"]?.GetValue<string>() ?? "?");
        }

        return string.Join('/', parts);
    }

    private static void Flatten(JsonNode? node, string path, string leaf, List<(string, string, string)> values)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    if (key != "type")
                    {
                        Flatten(child, path.Length == 0 ? key : path + "." + key, key, values);
                    }
                }

                break;
            case JsonArray a:
                for (int k = 0; k < a.Count; k++)
                {
                    Flatten(a[k], path + "[" + k + "]", leaf + "[" + k + "]", values);
                }

                break;
            case JsonValue v:
                values.Add((path, leaf, v.TryGetValue(out string? s) ? s : v.ToJsonString()));
                break;
            default:
                values.Add((path, leaf, "null"));
                break;
        }
    }

    private static string Shorten(string label) => label.Length <= MaxLength ? label : label[..(MaxLength - 3)] + "...";
}
