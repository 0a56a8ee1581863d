using System.Diagnostics;
using System.Text;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Tests.Cli;
using Xunit;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// The hostile-input list of issue 6, each through <see cref="ScheduleSpec.Parse(string)"/> (a
/// <see cref="ScheduleSpecException"/> whose <c>Path</c> names the field) and through <c>lrs eval</c> in-process (exit
/// code 2, nothing on stdout, exactly one stderr line, no stack trace). No input may crash, overflow the stack, hang or
/// escape the documented exception type.
/// </summary>
public sealed class HostileSpecTests
{
    private const string Cosine = """{"type":"cosine","initial_value":0.1,"decay_steps":10}""";

    private static readonly Dictionary<string, (string Json, string? Path)> Hostile = new(StringComparer.Ordinal)
    {
        ["malformed: truncated"] = ("""{"type":"constant","value":1""", "$"),
        ["malformed: not JSON"] = ("cosine", "$"),
        ["malformed: empty text"] = ("", "$"),
        ["malformed: whitespace only"] = (" \t\r\n ", "$"),
        ["malformed: two documents"] = ("""{"type":"constant","value":1} {"type":"constant","value":1}""", "$"),
        ["malformed: comment"] = ("""{"type":"constant", /* c */ "value":1}""", "$"),
        ["malformed: trailing comma"] = ("""{"type":"constant","value":1,}""", "$"),
        ["malformed: single quotes"] = ("{'type':'constant','value':1}", "$"),
        ["malformed: lone surrogate escape"] = ("""{"type":"\ud800","value":1}""", "$"),
        ["malformed: lone surrogate in a field name"] = ("""{"type":"constant","value":1,"\udc00":1}""", "$"),
        ["malformed: lone surrogate in a choice"] = ("""{"type":"warmup","warmup_steps":1,"shape":"\ud800x","schedule":{"type":"constant","value":1}}""", "$"),
        ["malformed: raw lone surrogate character"] = ("{\"type\":\"constant\",\"value\":1}\uD800", "$"),
        ["malformed: raw lone surrogate in a key"] = ("{\"type\":\"constant\",\"val\uDC00ue\":1}", "$"),
        ["malformed: control character in string"] = ("{\"type\":\"con\u0001stant\",\"value\":1}", "$"),
        ["malformed: NUL byte"] = ("{\"type\":\"constant\",\"value\":1}\0", "$"),
        ["depth: 10,000 nested warmups"] = (string.Concat(Enumerable.Repeat("""{"type":"warmup","warmup_steps":1,"schedule":""", 10_000)) + """{"type":"constant","value":1}""" + new string('}', 10_000), "$"),
        ["depth: 10,000 nested arrays"] = (new string('[', 10_000) + new string(']', 10_000), "$"),
        ["depth: 65 levels"] = (string.Concat(Enumerable.Repeat("""{"type":"scale","factor":1,"schedule":""", 64)) + """{"type":"constant","value":1}""" + new string('}', 64), "$"),
        ["size: 1,000,000 milestones"] = ("""{"type":"multi_step","initial_value":0.1,"gamma":0.5,"milestones":[""" + string.Join(",", Enumerable.Repeat("1", 1_000_000)) + "]}", "$"),
        ["size: 2 MB string"] = ("{\"type\":\"constant\",\"value\":1,\"x\":\"" + new string('a', 2_000_000) + "\"}", "$"),
        ["size: 1 MB type name"] = ("{\"type\":\"" + new string('a', 1_000_000) + "\"}", "$.type"),
        ["size: 1 MB field name"] = ("{\"" + new string('f', 1_000_000) + "\":1,\"type\":\"constant\",\"value\":1}", "$." + new string('f', 64) + "..."),
        ["size: 1 MB number"] = ("""{"type":"constant","value":""" + new string('9', 1_000_000) + "}", "$.value"),
        ["number: NaN literal"] = ("""{"type":"constant","value":NaN}""", "$"),
        ["number: Infinity literal"] = ("""{"type":"constant","value":Infinity}""", "$"),
        ["number: -Infinity literal"] = ("""{"type":"constant","value":-Infinity}""", "$"),
        ["number: 1e400"] = ("""{"type":"constant","value":1e400}""", "$.value"),
        ["number: NaN as a string"] = ("""{"type":"constant","value":"NaN"}""", "$.value"),
        ["number: step overflowing long"] = ("""{"type":"cosine","initial_value":0.1,"decay_steps":9223372036854775808}""", "$.decay_steps"),
        ["number: step below long.MinValue"] = ("""{"type":"shift","offset":-9223372036854775809,"schedule":{"type":"constant","value":1}}""", "$.offset"),
        ["number: 1e30 steps"] = ("""{"type":"cosine","initial_value":0.1,"decay_steps":1e30}""", "$.decay_steps"),
        ["number: fractional steps"] = ("""{"type":"cosine","initial_value":0.1,"decay_steps":10.5}""", "$.decay_steps"),
        ["number: milestone overflowing long"] = ("""{"type":"multi_step","initial_value":0.1,"gamma":0.5,"milestones":[1,18446744073709551616]}""", "$.milestones[1]"),
        ["duplicate key: top level"] = ("""{"type":"cosine","initial_value":0.1,"decay_steps":10,"decay_steps":20}""", "$"),
        ["duplicate key: type"] = ("""{"type":"constant","type":"cosine","value":1}""", "$"),
        ["duplicate key: nested"] = ("""{"type":"warmup","warmup_steps":1,"schedule":{"type":"constant","value":1,"value":2}}""", "$"),
        ["duplicate key: in a phase"] = ("""{"type":"sequence","phases":[{"steps":1,"steps":2,"schedule":{"type":"constant","value":1}},{"schedule":{"type":"constant","value":1}}]}""", "$"),
        ["unknown field"] = ("""{"type":"constant","value":1,"valeu":2}""", "$.valeu"),
        ["unknown field: nested"] = ("""{"type":"hold","hold_steps":1,"schedule":{"type":"constant","value":1,"x":null}}""", "$.schedule.x"),
        ["unknown field: in a phase"] = ("""{"type":"sequence","phases":[{"schedule":{"type":"constant","value":1},"weight":1}]}""", "$.phases[0].weight"),
        ["unknown type"] = ("""{"type":"cosinus","value":1}""", "$.type"),
        ["wrong type: type is a number"] = ("""{"type":1,"value":1}""", "$.type"),
        ["wrong type: number as string"] = ("""{"type":"cosine","initial_value":"0.1","decay_steps":10}""", "$.initial_value"),
        ["wrong type: boolean as number"] = ("""{"type":"cosine","initial_value":0.1,"decay_steps":10,"periodic":1}""", "$.periodic"),
        ["wrong type: array as object"] = ("""{"type":"warmup","warmup_steps":1,"schedule":[]}""", "$.schedule"),
        ["wrong type: object as array"] = ("""{"type":"multi_step","initial_value":0.1,"gamma":0.5,"milestones":{}}""", "$.milestones"),
        ["wrong type: root is an array"] = ("[1,2]", "$"),
        ["wrong type: root is a string"] = ("\"constant\"", "$"),
        ["wrong type: root is null"] = ("null", "$"),
        ["negative learning rate"] = ("""{"type":"constant","value":-1}""", "$.value"),
        ["negative learning rate: nested"] = ("""{"type":"sequence","phases":[{"steps":5,"schedule":{"type":"constant","value":1}},{"schedule":{"type":"cosine","initial_value":-0.1,"decay_steps":10}}]}""", "$.phases[1].schedule.initial_value"),
        ["negative floor"] = ("""{"type":"cosine","initial_value":0.1,"decay_steps":10,"final_value":-1e-9}""", "$.final_value"),
        ["zero period"] = ("""{"type":"restarts","peak_value":0.1,"period":0}""", "$.period"),
        ["negative period"] = ("""{"type":"restarts","peak_value":0.1,"period":-10}""", "$.period"),
        ["zero decay steps"] = ("""{"type":"cosine","initial_value":0.1,"decay_steps":0}""", "$.decay_steps"),
        ["negative warmup"] = ("""{"type":"warmup","warmup_steps":-1,"schedule":{"type":"constant","value":1}}""", "$.warmup_steps"),
        ["zero phase length"] = ("""{"type":"sequence","phases":[{"steps":0,"schedule":{"type":"constant","value":1}},{"schedule":{"type":"constant","value":1}}]}""", "$.phases[0].steps"),
        ["milestones out of order"] = ("""{"type":"multi_step","initial_value":0.1,"gamma":0.5,"milestones":[30,10]}""", "$.milestones"),
        ["boundaries out of order"] = ("""{"type":"piecewise_constant","boundaries":[10,10],"values":[1,2,3]}""", "$.boundaries"),
        ["negative milestone"] = ("""{"type":"multi_step","initial_value":0.1,"gamma":0.5,"milestones":[-1]}""", "$.milestones"),
        ["empty object"] = ("{}", "$.type"),
        ["empty phases"] = ("""{"type":"sequence","phases":[]}""", "$.phases"),
        ["empty boundaries for interpolation"] = ("""{"type":"piecewise_interpolation","boundaries":[],"values":[]}""", "$.boundaries"),
        ["empty values"] = ("""{"type":"piecewise_constant","boundaries":[],"values":[]}""", "$.values"),
        ["null schedule"] = ("""{"type":"warmup","warmup_steps":1,"schedule":null}""", "$.schedule"),
        ["null phase"] = ("""{"type":"sequence","phases":[null]}""", "$.phases[0]"),
        ["null in milestones"] = ("""{"type":"multi_step","initial_value":0.1,"gamma":0.5,"milestones":[null]}""", "$.milestones[0]"),
        ["null type"] = ("""{"type":null,"value":1}""", "$.type"),
        ["BOM (the text of a spec, not a file's bytes)"] = ("\uFEFF" + Cosine, "$"),
        ["non-breaking space before the object"] = ("\u00A0" + Cosine, "$"),
        ["zero-width space in a key"] = ("{\"ty\u200Bpe\":\"constant\",\"value\":1}", null),
    };

    public static TheoryData<string> Names() => [.. Hostile.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Parse_rejects_with_a_ScheduleSpecException_naming_the_field(string name)
    {
        var (json, path) = Hostile[name];
        var watch = Stopwatch.StartNew();
        var thrown = FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().ThrowExactly<ScheduleSpecException>().Which;
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "a hostile spec is rejected quickly");
        if (path is not null)
        {
            thrown.Path.Should().Be(path, "{0}: {1}", name, thrown.Message);
        }

        thrown.Message.Length.Should().BeLessThan(1_000, "the message quotes at most a bounded excerpt of the input");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Lrs_eval_exits_2_with_one_error_line(string name)
    {
        var result = Lrs.Run("eval", "--spec", Hostile[name].Json, "--steps", "3");
        result.ExitCode.Should().Be(2, name);
        result.Stdout.Should().BeEmpty();
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("lrs: error: ");
        result.Stderr.Should().NotContain("   at ", "no stack trace");
        result.Stderr.Length.Should().BeLessThan(1_200);
    }

    [Fact]
    public void Leading_and_trailing_whitespace_is_accepted()
    {
        ScheduleSpec.Parse(" \t\r\n" + Cosine + " \r\n\t").Should().Be(ScheduleSpec.Parse(Cosine));
        var result = Lrs.Run("eval", "--spec", "\n\t " + Cosine + "\n", "--steps", "2");
        result.ExitCode.Should().Be(0, result.Stderr);
    }

    [Fact]
    public void The_largest_array_that_fits_the_size_limit_is_read_quickly()
    {
        var sb = new StringBuilder("""{"type":"multi_step","initial_value":0.1,"gamma":1,"milestones":[""");
        int count = 0;
        while (sb.Length < ScheduleSpec.MaxLength - 10)
        {
            sb.Append(count == 0 ? "7" : ",7");
            count++;
        }

        string json = sb.Append("]}").ToString();
        json.Length.Should().BeLessThanOrEqualTo(ScheduleSpec.MaxLength);
        var watch = Stopwatch.StartNew();
        var schedule = ScheduleSpec.Parse(json);
        schedule.GetLearningRate(long.MaxValue).Should().Be(0.1);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "{0} milestones", count);
    }

    [Fact]
    public void Exactly_MaxLength_characters_are_accepted_and_one_more_is_rejected()
    {
        string padded = Cosine + new string(' ', ScheduleSpec.MaxLength - Cosine.Length);
        ScheduleSpec.Parse(padded).Should().Be(ScheduleSpec.Parse(Cosine));
        FluentActions.Invoking(() => ScheduleSpec.Parse(padded + " ")).Should().ThrowExactly<ScheduleSpecException>().WithMessage("$: spec is too long*");
    }

    [Fact]
    public void Sixty_four_levels_are_accepted()
    {
        string json = string.Concat(Enumerable.Repeat("""{"type":"scale","factor":1,"schedule":""", 63)) + """{"type":"constant","value":1}""" + new string('}', 63);
        ScheduleSpec.Parse(json).GetLearningRate(0).Should().Be(1);
    }
}
