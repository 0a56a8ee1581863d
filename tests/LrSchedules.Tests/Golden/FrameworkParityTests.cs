using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Tests.Cli;
using Xunit;

namespace LrSchedules.Tests.Golden;

/// <summary>
/// Every case of frameworks.json (the shared golden file) and of the project's own framework sequences in
/// <c>Golden/Own/*.json</c> (same format; each file's <c>source</c> says whether the values were produced by running the
/// framework's code or transcribed), through <see cref="ScheduleSpec.Parse(string)"/> (scalar and span, and momentums
/// where the case records them) and through <c>lrs eval</c>, within the golden README's tolerance.
/// </summary>
public sealed class FrameworkParityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-framework-eval-").FullName;

    /// <summary>The files: frameworks.json, then Golden/Own/*.json in ordinal order.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "frameworks.json",
        .. Directory.Exists(OwnDirectory)
            ? Directory.GetFiles(OwnDirectory, "*.json").Select(p => "Own/" + Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray()
            : Array.Empty<string>(),
    ];

    private static string OwnDirectory => Path.Combine(AppContext.BaseDirectory, "Golden", "Own");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in Files)
        {
            foreach (var c in Load(file).RootElement.GetProperty("cases").EnumerateArray())
            {
                data.Add(file, c.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_shared_file_has_its_documented_16_cases_and_names_are_unique()
    {
        Cases().Count(row => (string)row[0] == "frameworks.json").Should().Be(16);
        Cases().Select(row => (string)row[1]).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spec_reproduces_the_framework(string file, string name)
    {
        var c = Case(file, name);
        string spec = c.GetProperty("spec").GetRawText();
        int steps = c.GetProperty("steps").GetInt32();
        double[] expected = Row(c.GetProperty("lrs")[0]);
        var schedule = ScheduleSpec.Parse(spec);
        var span = new double[steps];
        schedule.Evaluate(0, span);
        for (int k = 0; k < steps; k++)
        {
            CompatParityTests.AssertClose(schedule.GetLearningRate(k), expected[k], name, k);
            CompatParityTests.AssertClose(span[k], expected[k], name, k);
        }

        if (c.TryGetProperty("momentums", out var m))
        {
            double[] expectedMomentums = Row(m[0]);
            var grouped = schedule.Should().BeAssignableTo<IGroupedSchedule>().Subject;
            grouped.HasMomentum.Should().BeTrue();
            var lrs = new double[steps * grouped.GroupCount];
            var momentums = new double[lrs.Length];
            grouped.EvaluateGroups(0, steps, lrs, momentums);
            for (int k = 0; k < steps; k++)
            {
                CompatParityTests.AssertClose(momentums[k * grouped.GroupCount], expectedMomentums[k], name + " momentum", k);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lrs_eval_prints_the_frameworks_values(string file, string name)
    {
        var c = Case(file, name);
        string path = Path.Combine(_dir, name + ".json");
        File.WriteAllText(path, c.GetProperty("spec").GetRawText());
        int steps = c.GetProperty("steps").GetInt32();
        string stepsText = steps.ToString(CultureInfo.InvariantCulture);
        Check(Lrs.Run("eval", "--spec", "@" + path, "--steps", stepsText), Row(c.GetProperty("lrs")[0]), name);
        if (c.TryGetProperty("momentums", out var m))
        {
            Check(Lrs.Run("eval", "--spec", "@" + path, "--steps", stepsText, "--momentum"), Row(m[0]), name + " momentum");
        }
    }

    internal static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file)));

    internal static JsonElement Case(string file, string name)
        => Load(file).RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name).Clone();

    private static double[] Row(JsonElement values) => [.. values.EnumerateArray().Select(v => v.GetDouble())];

    private static void Check(LrsResult result, double[] expected, string name)
    {
        result.ExitCode.Should().Be(0, "case {0}: {1}", name, result.Stderr);
        result.Stderr.Should().BeEmpty();
        string[] lines = result.Lines;
        lines.Should().HaveCount(expected.Length, "case {0} prints one line per step", name);
        for (int k = 0; k < expected.Length; k++)
        {
            CompatParityTests.AssertClose(double.Parse(lines[k], NumberStyles.Float, CultureInfo.InvariantCulture), expected[k], name, k);
        }
    }
}
