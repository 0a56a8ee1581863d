using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Specs;

/// <summary>Objects with very many keys: each key is found in constant time, duplicates are still rejected.</summary>
public sealed class LargeSpecObjectTests
{
    [Fact]
    public void Object_with_100000_keys_read_key_by_key_parses_in_linear_time()
    {
        // optax's boundaries_and_scales is a dict read one key at a time. Each lookup used to scan the whole object
        // (JsonElement.TryGetProperty), so this 0.9 MB spec took 22 to 35 s; now a dictionary built once per object.
        string keys = string.Join(',', Enumerable.Range(1, 100_000).Select(i => "\"" + i + "\":" + (i % 1000 == 0 ? "0.5" : "1")));
        string spec = """{"type":"optax.piecewise_constant_schedule","args":{"init_value":0.1,"boundaries_and_scales":{""" + keys + "}}}";
        spec.Length.Should().BeLessThan(ScheduleSpec.MaxLength);

        var watch = Stopwatch.StartNew();
        var schedule = ScheduleSpec.Parse(spec);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));

        schedule.GetLearningRate(0).Should().Be(0.1);
        schedule.GetLearningRate(999).Should().Be(0.1);
        schedule.GetLearningRate(1_000).Should().Be(0.05);
        schedule.GetLearningRate(1_000_000).Should().BeApproximately(0.1 * Math.Pow(0.5, 100), 1e-40);
    }

    [Fact]
    public void Unknown_field_among_100000_is_named()
    {
        string keys = string.Join(',', Enumerable.Range(0, 100_000).Select(i => "\"" + i.ToString("x", CultureInfo.InvariantCulture) + "\":0"));
        string spec = """{"type":"constant","value":1,""" + keys + "}";

        var watch = Stopwatch.StartNew();
        var act = () => ScheduleSpec.Parse(spec);

        act.Should().Throw<ScheduleSpecException>().Which.Path.Should().Be("$.0");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Duplicate_keys_in_a_document_read_leniently_are_still_rejected()
    {
        // ScheduleSpec.Parse rejects duplicates while parsing; the reader's dictionary rejects them too, so no document
        // can make it pick one of two values.
        using var document = JsonDocument.Parse("""{"type":"constant","value":1,"value":2}""", new JsonDocumentOptions { AllowDuplicateProperties = true });
        var spec = SpecObject.From(document.RootElement, "$");

        var act = () => spec.Number("value");

        act.Should().Throw<ScheduleSpecException>().Which.Message.Should().Be("$: malformed JSON: duplicate key \"value\".");
    }

    [Fact]
    public void Duplicate_key_among_100000_is_rejected_by_the_parser()
    {
        string keys = string.Join(',', Enumerable.Range(0, 100_000).Select(i => "\"" + i.ToString("x", CultureInfo.InvariantCulture) + "\":0"));
        var act = () => ScheduleSpec.Parse("""{"type":"constant","value":1,""" + keys + ",\"5\":1}");

        act.Should().Throw<ScheduleSpecException>().Which.Message.Should().Contain("Duplicate property '5'");
    }
}
