using System.Text.Json.Nodes;
using LrSchedules.Specs;
using LrSchedules.Tests.Torch;
using LrSchedules.Torch;
using Xunit;
using Xunit.Sdk;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// Every torch scheduler of torch.json, stepped a few times, then fed seeded mutations of its own saved state: each
/// mutated state either loads or throws <see cref="ArgumentException"/>, and a rejected load leaves
/// <c>SaveState()</c> exactly as it was.
/// </summary>
public sealed class StateMutationFuzzTests
{
    public const int MutationsPerCase = 300;

    private static readonly JsonNode?[] Replacements =
    [
        null, -1, 0, 1, long.MaxValue, long.MinValue, 1e308, -1e308, 0.5, "x", true, new JsonArray(), new JsonObject(),
        new JsonArray(1.0), new JsonArray(1.0, 2.0, 3.0), new JsonArray("x"), new JsonArray((JsonNode?)null), JsonValue.Create(9.2233720368547758E18),
    ];

    public static TheoryData<string> Cases() => TorchGoldenTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mutated_states_load_or_throw_ArgumentException_and_leave_the_scheduler_unchanged(string name)
    {
        var c = TorchGoldenTests.Case(name);
        var schedule = (TorchSchedule)ScheduleSpec.Parse(c.GetProperty("spec").GetRawText());
        double[]? metrics = schedule.Metrics?.ToArray();
        var source = schedule.CreateScheduler();
        for (int k = 0; k < 3; k++)
        {
            if (source is ReduceLROnPlateau plateau)
            {
                plateau.Step(metrics is { Length: > 0 } ? metrics[k % metrics.Length] : 1.0);
            }
            else
            {
                ((LRScheduler)source).Step();
            }
        }

        string saved = source.SaveState().ToJsonString();
        var random = new Random(name.Length * 7919);
        for (int i = 0; i < MutationsPerCase; i++)
        {
            var target = schedule.CreateScheduler();
            string before = target.SaveState().ToJsonString();
            var state = JsonNode.Parse(saved)!.AsObject();
            Mutate(state, random);
            string mutated = state.ToJsonString();
            try
            {
                target.LoadState(state);
            }
            catch (ArgumentException)
            {
                string after = target.SaveState().ToJsonString();
                if (after != before)
                {
                    throw new XunitException(name + ": a rejected load changed the state.\nstate: " + mutated + "\nbefore: " + before + "\nafter:  " + after);
                }

                continue;
            }
            catch (Exception ex)
            {
                throw new XunitException(name + ": " + ex.GetType().Name + " escaped LoadState for state: " + mutated + "\n" + ex);
            }
        }
    }

    private static void Mutate(JsonNode node, Random random)
    {
        // Walk to a random container and change, delete or add one member.
        var containers = new List<JsonNode>();
        Collect(node, containers);
        var target = containers[random.Next(containers.Count)];
        var value = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        switch (target)
        {
            case JsonObject o when o.Count > 0:
                string key = o.ElementAt(random.Next(o.Count)).Key;
                switch (random.Next(4))
                {
                    case 0: o.Remove(key); break;
                    case 1: o["extra_" + random.Next(3)] = value; break;
                    default: o[key] = value; break;
                }

                break;
            case JsonArray a when a.Count > 0:
                int index = random.Next(a.Count);
                switch (random.Next(3))
                {
                    case 0: a.RemoveAt(index); break;
                    case 1: a.Add(value); break;
                    default: a[index] = value; break;
                }

                break;
            case JsonArray a:
                a.Add(value);
                break;
        }
    }

    private static void Collect(JsonNode? node, List<JsonNode> containers)
    {
        switch (node)
        {
            case JsonObject o:
                containers.Add(o);
                foreach (var (_, v) in o)
                {
                    Collect(v, containers);
                }

                break;
            case JsonArray a:
                containers.Add(a);
                foreach (var v in a)
                {
                    Collect(v, containers);
                }

                break;
        }
    }
}
