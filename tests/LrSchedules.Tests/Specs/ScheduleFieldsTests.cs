using System.Text.Json;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Tests.Cli;
using Xunit;

namespace LrSchedules.Tests.Specs;

/// <summary><see cref="ScheduleSpec.GetFields"/>: the fields come from the readers the parser runs, so they agree with it.</summary>
public sealed class ScheduleFieldsTests
{
    public static TheoryData<string> NativeSamples()
    {
        var data = new TheoryData<string>();
        foreach (string spec in SampleSpecs.ByType.Values.SelectMany(s => s))
        {
            data.Add(spec);
        }

        data.Add("""{"type":"torch.OneCycleLR","lr":[0.1,0.2],"momentum":0.9,"args":{"max_lr":[1,2],"total_steps":10,"pct_start":0.25}}""");
        data.Add("""{"type":"hf.get_cosine_schedule_with_warmup","lr":0.1,"args":{"num_warmup_steps":3,"num_training_steps":30,"num_cycles":0.5}}""");
        data.Add("""{"type":"timm.CosineLRScheduler","lr":0.1,"args":{"t_initial":20,"warmup_t":3,"cycle_limit":2}}""");
        data.Add("""{"type":"optax.warmup_cosine_decay_schedule","args":{"init_value":0,"peak_value":0.1,"warmup_steps":5,"decay_steps":50}}""");
        return data;
    }

    [Theory]
    [MemberData(nameof(NativeSamples))]
    public void Every_field_a_valid_spec_uses_is_listed(string spec)
    {
        using var document = JsonDocument.Parse(spec);
        var root = document.RootElement;
        var fields = ScheduleSpec.GetFields(root.GetProperty("type").GetString()!).Select(f => f.Name).ToHashSet();

        foreach (string name in Names(root, string.Empty))
        {
            fields.Should().Contain(name, "{0} uses it", spec);
        }
    }

    [Fact]
    public void Required_fields_are_exactly_those_whose_absence_the_parser_rejects()
    {
        foreach (var field in ScheduleSpec.GetFields("warmup_stable_decay").Where(f => !f.Name.Contains('.', StringComparison.Ordinal)))
        {
            var spec = new Dictionary<string, object> { ["type"] = "warmup_stable_decay", ["peak_value"] = 0.1, ["warmup_steps"] = 5, ["stable_steps"] = 10, ["decay_steps"] = 10 };
            bool wasThere = spec.Remove(field.Name);
            var parse = () => ScheduleSpec.Parse(JsonSerializer.Serialize(spec));
            if (field.Required)
            {
                wasThere.Should().BeTrue(field.Name);
                parse.Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$." + field.Name);
            }
            else
            {
                parse.Should().NotThrow(field.Name + " is optional");
            }
        }
    }

    [Fact]
    public void Listed_ranges_are_the_ones_the_parser_enforces()
    {
        var fields = ScheduleSpec.GetFields("restarts").ToDictionary(f => f.Name);

        fields["peak_decay"].Allowed.Should().Be("[0, 1]");
        fields["period"].Allowed.Should().Be("(0, +inf)");
        fields["cycle_warmup_steps"].Allowed.Should().Be("[0, 9223372036854775807]");
        fields["shape"].Allowed.Should().Be("\"cosine\", \"power\", \"tanh\"");
        fields["shape"].DefaultValue.Should().Be("\"cosine\"");
        FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type":"restarts","peak_value":0.1,"period":5,"peak_decay":1.5}"""))
            .Should().Throw<ScheduleSpecException>().Which.Message.Should().Contain("[0, 1]");
    }

    [Fact]
    public void Describing_leaves_validation_on()
    {
        ScheduleSpec.GetFields("cosine");

        FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type":"cosine","initial_value":-1,"decay_steps":10}"""))
            .Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.initial_value");
        FluentActions.Invoking(() => new global::LrSchedules.Schedules.CosineSchedule(-1, 10)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Unknown_type_is_an_argument_error()
    {
        FluentActions.Invoking(() => ScheduleSpec.GetFields("cosinus")).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("typeName");
        FluentActions.Invoking(() => ScheduleSpec.GetFields(null!)).Should().Throw<ArgumentNullException>();
    }

    private static IEnumerable<string> Names(JsonElement o, string prefix)
    {
        foreach (var p in o.EnumerateObject())
        {
            if (p.Name == "type" && prefix.Length == 0)
            {
                continue;
            }

            string name = prefix + p.Name;
            yield return name;
            if (p.Name == "args" && p.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (string nested in Names(p.Value, name + "."))
                {
                    yield return nested;
                }
            }
            else if (p.Name == "phases")
            {
                foreach (var phase in p.Value.EnumerateArray())
                {
                    foreach (var f in phase.EnumerateObject())
                    {
                        yield return name + "[]." + f.Name;
                    }
                }
            }
        }
    }
}
