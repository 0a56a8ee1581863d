using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Specs;

/// <summary>A spec nested in a larger config: <see cref="ScheduleSpec.Parse(JsonElement)"/>, the <see cref="JsonNode"/> forms and <see cref="ScheduleJsonConverter"/>.</summary>
public sealed class NestedSpecTests
{
    private const string Config = """
        {
          "model": "tiny",
          "optimizer": {"name": "adamw", "lr": 0.001},
          "scheduler": {"type": "warmup", "warmup_steps": 100, "schedule": {"type": "cosine", "initial_value": 0.001, "decay_steps": 900}}
        }
        """;

    private static readonly JsonSerializerOptions MetricOptions = new() { Converters = { new ScheduleJsonConverter([1.0, 1.0, 1.0, 1.0]) } };

    private static readonly WarmupSchedule Expected = new(new CosineSchedule(initialValue: 0.001, decaySteps: 900), warmupSteps: 100);

    [Fact]
    public void Parse_reads_a_schedule_from_an_element_of_a_larger_document()
    {
        using var document = JsonDocument.Parse(Config);

        var schedule = ScheduleSpec.Parse(document.RootElement.GetProperty("scheduler"));

        schedule.Should().Be(Expected);
    }

    [Fact]
    public void Parse_of_an_element_keeps_the_strict_checks_of_the_text_form()
    {
        // A document parsed leniently (duplicate keys allowed by default) still gets the duplicate-key check.
        using var document = JsonDocument.Parse("""{"s": {"type": "constant", "value": 0.1, "value": 0.2}}""");

        var act = () => ScheduleSpec.Parse(document.RootElement.GetProperty("s"));

        act.Should().Throw<ScheduleSpecException>().Which.Message.Should().Contain("value");
    }

    [Fact]
    public void Parse_of_an_element_reports_paths_relative_to_it()
    {
        using var document = JsonDocument.Parse("""{"scheduler": {"type": "cosine", "initial_value": 0.1, "decay_steps": 0}}""");

        var act = () => ScheduleSpec.Parse(document.RootElement.GetProperty("scheduler"));

        act.Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.decay_steps");
    }

    [Fact]
    public void Parse_rejects_an_undefined_element_and_a_null_node()
    {
        FluentActions.Invoking(() => ScheduleSpec.Parse(default(JsonElement))).Should().Throw<ArgumentException>().WithParameterName("spec");
        FluentActions.Invoking(() => ScheduleSpec.Parse((JsonNode)null!)).Should().Throw<ArgumentNullException>().WithParameterName("spec");
    }

    [Fact]
    public void Parse_reads_a_node_and_ToJsonObject_writes_one_that_reads_back_equal()
    {
        var config = JsonNode.Parse(Config)!.AsObject();

        var schedule = ScheduleSpec.Parse(config["scheduler"]!);
        schedule.Should().Be(Expected);

        config["scheduler"] = ScheduleSpec.ToJsonObject(new CosineSchedule(initialValue: 0.5, decaySteps: 10));
        ScheduleSpec.Parse(config["scheduler"]!).Should().Be(new CosineSchedule(initialValue: 0.5, decaySteps: 10));
        FluentActions.Invoking(() => ScheduleSpec.Parse(config)).Should().Throw<ScheduleSpecException>("the whole config is not a spec");
    }

    [Fact]
    public void Converter_reads_and_writes_a_schedule_property()
    {
        var options = JsonSerializerOptions.Default;
        var config = JsonSerializer.Deserialize<TrainingConfig>(Config, options)!;

        config.Model.Should().Be("tiny");
        config.Scheduler.Should().Be(Expected);

        string json = JsonSerializer.Serialize(config, options);
        using var written = JsonDocument.Parse(json);
        written.RootElement.GetProperty("scheduler").GetRawText().Should().Be(ScheduleSpec.ToJson(Expected));
        JsonSerializer.Deserialize<TrainingConfig>(json, options)!.Scheduler.Should().Be(Expected);
    }

    [Fact]
    public void Converter_turns_an_invalid_spec_into_a_json_exception_naming_the_field()
    {
        const string bad = """{"model": "m", "scheduler": {"type": "cosine", "initial_value": -1, "decay_steps": 10}}""";

        var act = () => JsonSerializer.Deserialize<TrainingConfig>(bad);

        var ex = act.Should().Throw<JsonException>().Which;
        ex.Message.Should().Contain("$.initial_value");
        ex.InnerException.Should().BeOfType<ScheduleSpecException>();
        ex.Path.Should().Be("$.scheduler");
    }

    [Fact]
    public void Converter_rejects_a_non_object_and_reads_null_as_null()
    {
        FluentActions.Invoking(() => JsonSerializer.Deserialize<TrainingConfig>("""{"model": "m", "scheduler": 0.1}"""))
            .Should().Throw<JsonException>().WithMessage("*must be a JSON object*");
        JsonSerializer.Deserialize<TrainingConfig>("""{"model": "m", "scheduler": null}""")!.Scheduler.Should().BeNull();
    }

    [Fact]
    public void Converter_in_options_gives_plateau_schedules_their_metrics()
    {
        var options = MetricOptions;
        const string spec = """{"type": "plateau", "initial_value": 1, "factor": 0.5, "patience": 1}""";

        var schedule = JsonSerializer.Deserialize<ILearningRateSchedule>(spec, options)!;

        schedule.Should().Be(ScheduleSpec.Parse(spec, [1.0, 1.0, 1.0, 1.0]));
    }

    private sealed class TrainingConfig
    {
        [JsonPropertyName("model")]
        public string Model { get; init; } = "";

        [JsonPropertyName("scheduler")]
        [JsonConverter(typeof(ScheduleJsonConverter))]
        public ILearningRateSchedule? Scheduler { get; init; }
    }
}
