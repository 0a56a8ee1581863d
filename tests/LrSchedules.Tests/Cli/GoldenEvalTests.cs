using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Tests.Golden;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>
/// Every case of peers.json and infinite.json through the command line: <c>lrs eval --spec @file --steps N</c> prints the
/// peer's learning rates within the golden README's tolerance; cases with a spec-level <c>metrics</c> array also pass
/// when the metrics come from <c>--metrics</c> instead.
/// </summary>
public sealed class GoldenEvalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-golden-eval-").FullName;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in new[] { "peers.json", "infinite.json" })
        {
            foreach (var c in GoldenData.Cases(file))
            {
                data.Add(file, c.Name);
            }
        }

        return data;
    }

    public static TheoryData<string, string> MetricCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in new[] { "peers.json", "infinite.json" })
        {
            foreach (var c in GoldenData.Cases(file).Where(c => JsonNode.Parse(c.SpecJson)!["metrics"] is not null))
            {
                data.Add(file, c.Name);
            }
        }

        return data;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void All_golden_cases_are_covered()
    {
        Cases().Should().HaveCount(101);
        MetricCases().Select(row => (string)row[1]).Should().BeEquivalentTo("timm-plateau-min", "timm-plateau-max-warmup");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Eval_of_the_spec_file_prints_the_peers_values(string file, string name)
    {
        var c = GoldenData.Case(file, name);
        string path = WriteSpec(name, c.SpecJson);

        var result = Lrs.Run("eval", "--spec", "@" + path, "--steps", c.Steps.ToString(CultureInfo.InvariantCulture));

        AssertMatches(result, c);
    }

    [Theory]
    [MemberData(nameof(MetricCases))]
    public void Eval_with_metrics_on_the_command_line_prints_the_peers_values(string file, string name)
    {
        var c = GoldenData.Case(file, name);
        var spec = JsonNode.Parse(c.SpecJson)!.AsObject();
        var metrics = spec["metrics"]!.AsArray().Select(m => m!.GetValue<double>().ToString("R", CultureInfo.InvariantCulture)).ToList();
        spec.Remove("metrics");
        string path = WriteSpec(name + "-no-metrics", spec.ToJsonString());
        string steps = c.Steps.ToString(CultureInfo.InvariantCulture);

        var inline = Lrs.Run("eval", "--spec", "@" + path, "--steps", steps, "--metrics", string.Join(",", metrics));
        AssertMatches(inline, c);

        string metricsPath = Path.Combine(_dir, name + "-metrics.txt");
        File.WriteAllText(metricsPath, string.Join("\n", metrics) + "\n");
        var fromFile = Lrs.Run("eval", "--spec", "@" + path, "--steps", steps, "--metrics", "@" + metricsPath);
        AssertMatches(fromFile, c);
        fromFile.Stdout.Should().Be(inline.Stdout);

        var missing = Lrs.Run("eval", "--spec", "@" + path, "--steps", steps);
        missing.ExitCode.Should().Be(2, "the spec without metrics needs --metrics");
        missing.Stderr.Should().Contain("$.args.metrics");
    }

    [Fact]
    public void Spec_metrics_take_precedence_over_the_command_line()
    {
        var c = GoldenData.Case("peers.json", "timm-plateau-min");
        string path = WriteSpec("precedence", c.SpecJson);
        var result = Lrs.Run("eval", "--spec", "@" + path, "--steps", c.Steps.ToString(CultureInfo.InvariantCulture), "--metrics", "5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5");
        AssertMatches(result, c);
    }

    [Fact]
    public void Native_plateau_reads_metrics_from_the_command_line()
    {
        const string Spec = """{"type":"plateau","initial_value":0.1,"factor":0.5,"patience":2}""";
        var result = Lrs.Run("eval", "--spec", Spec, "--steps", "10", "--metrics", "1 1 1 1 1 1 1 1");
        result.ExitCode.Should().Be(0, result.Stderr);
        result.Lines.Should().Equal("0.1", "0.1", "0.1", "0.1", "0.05", "0.05", "0.05", "0.025", "0.025", "0.025");
    }

    private static void AssertMatches(LrsResult result, GoldenCase c)
    {
        result.ExitCode.Should().Be(0, "case {0}: {1}", c.Name, result.Stderr);
        result.Stderr.Should().BeEmpty();
        string[] lines = result.Lines;
        lines.Should().HaveCount(c.Steps, "case {0} prints one line per step", c.Name);
        double[] expected = c.Lrs[0];
        for (int k = 0; k < c.Steps; k++)
        {
            double actual = double.Parse(lines[k], NumberStyles.Float, CultureInfo.InvariantCulture);
            CompatParityTests.AssertClose(actual, expected[k], c.Name, k);
        }
    }

    private string WriteSpec(string name, string json)
    {
        string path = Path.Combine(_dir, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
