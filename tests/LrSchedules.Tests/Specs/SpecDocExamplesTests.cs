using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Tests.Golden;
using Xunit;

namespace LrSchedules.Tests.Specs;

/// <summary>
/// Every <c>```json</c> example of docs/spec.md (native types) and docs/migrating.md (compat types) parses and
/// round-trips, and every spec type has its section with exactly one example.
/// </summary>
public sealed partial class SpecDocExamplesTests
{
    private static readonly Lazy<List<(string Section, string Json)>> Blocks = new(() => [.. ReadBlocks("spec.md"), .. ReadBlocks("migrating.md")]);

    public static TheoryData<string, string> Examples
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (section, json) in Blocks.Value)
            {
                data.Add(section, json);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_parses_and_round_trips(string section, string json)
    {
        var schedule = ScheduleSpec.Parse(json);

        var written = ScheduleSpec.ToJson(schedule);
        var again = ScheduleSpec.Parse(written);
        again.Should().Be(schedule, "the example of section {0} must round-trip", section);
        ScheduleSpec.ToJson(again).Should().Be(written);
        ScheduleSpec.Parse(ScheduleSpec.ToJson(schedule, indented: true)).Should().Be(schedule);

        var values = new double[64];
        schedule.Evaluate(0, values);
        values.Should().OnlyContain(v => double.IsFinite(v) && v >= 0);
    }

    [Fact]
    public void Every_spec_type_has_a_section_with_one_example_of_that_type()
    {
        var blocks = Blocks.Value;
        foreach (var type in ScheduleSpec.Types.Select(t => t.Name))
        {
            var examples = blocks.Where(b => b.Section == type).ToList();
            string file = type.Contains('.', StringComparison.Ordinal) ? "migrating.md" : "spec.md";
            examples.Should().ContainSingle("docs/{0} should have a section \"## {1}\" (or \"### {1}\") with exactly one json example", file, type);
            using var doc = JsonDocument.Parse(examples[0].Json);
            doc.RootElement.GetProperty("type").GetString().Should().Be(type);
        }
    }

    [Fact]
    public void Every_json_block_belongs_to_a_known_section()
    {
        var known = ScheduleSpec.Types.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Blocks.Value.Should().NotBeEmpty();
        Blocks.Value.Select(b => b.Section).Should().OnlyContain(s => known.Contains(s));
    }

    private static List<(string Section, string Json)> ReadBlocks(string file)
    {
        var path = Path.Combine(GoldenData.RepoRoot, "docs", file);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var result = new List<(string, string)>();
        string section = string.Empty;
        bool inJson = false, inOther = false;
        var current = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (inJson)
            {
                if (line.TrimEnd() == "```")
                {
                    result.Add((section, string.Join("\n", current)));
                    current.Clear();
                    inJson = false;
                }
                else
                {
                    current.Add(line);
                }
            }
            else if (inOther)
            {
                inOther = line.TrimEnd() != "```";
            }
            else if (line.TrimEnd() == "```json")
            {
                inJson = true;
            }
            else if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inOther = true;
            }
            else if (Heading().Match(line) is { Success: true } m)
            {
                section = m.Groups[1].Value.Trim();
            }
        }

        inJson.Should().BeFalse("every ```json block of docs/{0} must be closed", file);
        return result;
    }

    [GeneratedRegex("^###? `?([^`]+?)`?$")]
    private static partial Regex Heading();
}
