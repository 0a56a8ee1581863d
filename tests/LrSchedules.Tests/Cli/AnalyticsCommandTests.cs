using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using LrSchedules.Analytics;
using LrSchedules.Specs;
using LrSchedules.Tests.Analytics;
using LrSchedules.Tests.Golden;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>
/// <c>lrs analyze</c>, <c>lrs fit</c>, <c>lrs predict</c> and <c>lrs optimize</c> end to end on the files of the
/// docs/choosing-a-schedule.md example, and their bad-input contract (exit 2, one <c>lrs: error:</c> line naming the
/// file, line or field).
/// </summary>
public sealed class AnalyticsCommandTests : IDisposable
{
    private static readonly string Docs = Path.Combine(GoldenData.RepoRoot, "docs", "choosing-a-schedule");

    private static readonly string Law25M = LossCurves.Authors.ToJson();

    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-analytics-tests-").FullName;

    private static string Spec(string name) => "@" + Path.Combine(Docs, name + ".json");

    private static string Csv(string name) => LossCurves.CsvPath(name);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Analyze_prints_a_table_or_json()
    {
        var table = Lrs.Run("analyze", "--spec", Spec("wsdcon_9"), "--steps", "16000");
        var json = Lrs.Run("analyze", "--spec", Spec("wsdcon_9"), "--steps", "16000", "--format", "json");
        var expected = ScheduleAnalysis.Analyze(ScheduleSpec.Parse(File.ReadAllText(Spec("wsdcon_9")[1..])), 16_000);

        table.ExitCode.Should().Be(0, table.Stderr);
        table.Lines.Should().Contain("steps              16000").And.Contain(l => l.StartsWith("phase 3  ", StringComparison.Ordinal) && l.EndsWith("steps 8000..15999 (8000 steps)", StringComparison.Ordinal));
        table.Lines.Should().Contain("peak               0.0003 at step 2159");
        json.ExitCode.Should().Be(0, json.Stderr);
        using var doc = JsonDocument.Parse(json.Stdout);
        doc.RootElement.GetProperty("s1").GetDouble().Should().Be(expected.ForwardArea);
        doc.RootElement.GetProperty("s2").GetDouble().Should().Be(expected.AnnealingArea);
        doc.RootElement.GetProperty("final").GetDouble().Should().Be(9e-5);
        doc.RootElement.GetProperty("phases").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public void Fit_predict_and_optimize_run_end_to_end_on_the_docs_files()
    {
        string lawFile = Path.Combine(_dir, "law.json");
        var fit = Lrs.Run(
            "fit", "--law", "mpl",
            "--run", Spec("cosine_24000") + "=" + Csv("cosine_24000"),
            "--run", Spec("constant") + "=" + Csv("constant_24000"),
            "--run", Spec("wsdcon_9") + "=" + Csv("wsdcon_9"),
            "--horizon", "24000", "--horizon", "24000", "--horizon", "16000",
            "--out", lawFile);

        fit.ExitCode.Should().Be(0, fit.Stderr);
        File.ReadAllText(lawFile).Should().Be(fit.Stdout);
        var law = LossLaw.Parse(fit.Stdout);
        law.Should().BeOfType<MultiPowerLaw>();
        using (var doc = JsonDocument.Parse(fit.Stdout))
        {
            var stats = doc.RootElement.GetProperty("fit");
            stats.GetProperty("points").GetInt32().Should().Be(437);
            stats.GetProperty("r2").GetDouble().Should().BeGreaterThan(0.999);
            stats.GetProperty("pred_e").GetDouble().Should().BeLessThan(0.001);
            stats.GetProperty("runs").GetArrayLength().Should().Be(3);
        }

        // predict: one line per step, or CSV with a column per spec.
        var plain = Lrs.Run("predict", "--law", "@" + lawFile, "--spec", Spec("cosine_24000"), "--at", "2160, 12000 23999");
        plain.ExitCode.Should().Be(0, plain.Stderr);
        plain.Lines.Select(l => double.Parse(l, CultureInfo.InvariantCulture)).Should().Equal(law.Predict(LossCurves.Run("cosine_24000").Schedule, [2160, 12000, 23999]));
        var csv = Lrs.Run("predict", "--law", "@" + lawFile, "--spec", Spec("cosine_24000"), "--spec", Spec("wsd_20000_24000"), "--steps", "24000", "--every", "6000", "--format", "csv");
        csv.ExitCode.Should().Be(0, csv.Stderr);
        csv.Lines[0].Should().Be("step,loss0,loss1");
        csv.Lines.Skip(1).Select(l => l.Split(',')[0]).Should().Equal("5999", "11999", "17999", "23999");

        // optimize: the spec, then its predicted loss, and the picture of the three curves.
        string specFile = Path.Combine(_dir, "optimized.json");
        var optimize = Lrs.Run("optimize", "--law", "@" + lawFile, "--steps", "24000", "--warmup", "2160", "--peak", "3e-4", "--out", specFile);
        optimize.ExitCode.Should().Be(0, optimize.Stderr);
        var optimized = ScheduleSpec.Parse(File.ReadAllText(specFile));
        double final = law.Predict(optimized, 23_999);
        optimize.Stdout.Should().Be("predicted loss at step 23999: " + final.ToString("R", CultureInfo.InvariantCulture) + "\n");
        final.Should().BeLessThan(law.Predict(LossCurves.Run("wsd_20000_24000").Schedule, 23_999));

        string svg = Path.Combine(_dir, "curves.svg");
        var picture = Lrs.Run("predict", "--law", "@" + lawFile, "--spec", Spec("cosine_24000"), "--spec", Spec("wsd_20000_24000"), "--spec", "@" + specFile,
            "--label", "cosine", "--label", "WSD", "--label", "optimized", "--steps", "24000", "--start", "2000", "--every", "100", "--out", svg);
        picture.ExitCode.Should().Be(0, picture.Stderr);
        picture.Stdout.Should().BeEmpty();
        string text = File.ReadAllText(svg);
        text.Should().Contain("<svg").And.Contain("optimized").And.Contain("predicted loss (mpl)");
    }

    [Fact]
    public void Fit_of_the_annealing_law_with_a_fixed_lambda()
    {
        var fit = Lrs.Run("fit", "--law", "annealing", "--lambda", "0.999",
            "--run", Spec("cosine_24000") + "=" + Csv("cosine_24000"), "--run", Spec("constant") + "=" + Csv("constant_24000"));

        fit.ExitCode.Should().Be(0, fit.Stderr);
        var law = (AnnealingLaw)LossLaw.Parse(fit.Stdout);
        law.Lambda.Should().Be(0.999);
        law.L0.Should().BeInRange(2, 3.3);
    }

    public static TheoryData<string, string, string[]> BadInputs() => new()
    {
        { "empty csv", "fit|--law|mpl|--run|SPEC=CSV:", ["--run", "CSV", "is empty"] },
        { "header-only csv", "fit|--law|mpl|--run|SPEC=CSV:step,lr,loss\n", ["--run", "CSV", "has a header but no data rows"] },
        { "NaN loss", "fit|--law|mpl|--run|SPEC=CSV:step,loss\n1,3.5\n2,NaN\n", ["--run", "CSV", "line 3", "loss must be a finite number in (0, +inf)", "NaN"] },
        { "negative loss", "fit|--law|mpl|--run|SPEC=CSV:step,loss\n1,-3.5\n", ["CSV", "line 2", "loss must be a finite number in (0, +inf)"] },
        { "zero loss", "fit|--law|mpl|--run|SPEC=CSV:step,loss\n1,0\n", ["CSV", "line 2", "loss must be"] },
        { "non-increasing steps", "fit|--law|mpl|--run|SPEC=CSV:step,loss\n10,3.5\n10,3.4\n", ["CSV", "line 3", "strictly increasing"] },
        { "out-of-horizon step", "fit|--law|mpl|--horizon|100|--run|SPEC=CSV:step,loss\n10,3.5\n100,3.4\n", ["CSV", "line 3", "outside the run's horizon of 100 steps"] },
        { "too few points", "fit|--law|mpl|--run|SPEC=CSV:step,loss\n10,3.5\n20,3.4\n30,3.3\n", ["--run", "7 parameters", "at least 8 points", "got 3"] },
        { "missing header column", "fit|--law|mpl|--run|SPEC=CSV:step,value\n10,3.5\n", ["CSV", "line 1", "step and loss"] },
        { "run without =", "fit|--law|mpl|--run|SPEC", ["--run", "<spec|@file>=<losses.csv>"] },
        { "unknown law", "fit|--law|chinchilla|--run|SPEC=CSV:step,loss\n1,3\n", ["--law", "mpl or annealing", "chinchilla"] },
        { "bad spec in run", "fit|--law|mpl|--run|{\"type\":\"constant\"}=CSV:step,loss\n1,3\n", ["--run spec", "$.value"] },
        { "lambda with mpl", "fit|--law|mpl|--lambda|0.9|--run|SPEC=CSV:step,loss\n1,3\n", ["--lambda", "annealing only"] },
        { "adamw with annealing", "fit|--law|annealing|--method|adamw|--run|SPEC=CSV:step,loss\n1,3\n", ["--method adamw", "mpl only"] },
        { "unknown method", "fit|--law|mpl|--method|sgd|--run|SPEC=CSV:step,loss\n1,3\n", ["--method", "sgd"] },
        { "law missing field", "predict|--law|{\"law\":\"mpl\",\"L0\":3}|--spec|SPEC|--at|10", ["--law", "field \"A\" is missing"] },
        { "law non-finite field", "predict|--law|{\"law\":\"annealing\",\"L0\":3,\"A\":1,\"alpha\":1e999,\"C\":1,\"lambda\":0.9}|--spec|SPEC|--at|10", ["--law", "field \"alpha\" must be a finite number"] },
        { "law file field", "predict|--law|@LAW:{\"law\":\"mpl\",\"L0\":3,\"A\":1,\"alpha\":0.5,\"B\":1,\"C\":1,\"beta\":0.5}|--spec|SPEC|--at|10", ["--law @", "field \"gamma\" is missing"] },
        { "at not increasing", "predict|--law|LAW25M|--spec|SPEC|--at|10,5", ["--at", "strictly increasing", "entry 2"] },
        { "at not integer", "predict|--law|LAW25M|--spec|SPEC|--at|10,x", ["--at", "entry 2", "integer"] },
        { "at and steps", "predict|--law|LAW25M|--spec|SPEC|--at|10|--steps|100", ["--at", "--steps"] },
        { "no steps", "predict|--law|LAW25M|--spec|SPEC", ["--at", "--steps"] },
        { "every without steps", "predict|--law|LAW25M|--spec|SPEC|--at|5|--every|2", ["--every", "--steps only"] },
        { "too many points", "predict|--law|LAW25M|--spec|SPEC|--steps|1000000", ["--steps", "at most 100000"] },
        { "predict bad out", "predict|--law|LAW25M|--spec|SPEC|--at|5|--out|x.gif", ["--out", ".png or .svg"] },
        { "warmup 1", "optimize|--law|LAW25M|--steps|100|--warmup|1|--peak|1e-3", ["--warmup", "0 (no warmup) or an integer in [2, --steps - 1 = 99]", "got 1"] },
        { "floor above peak", "optimize|--law|LAW25M|--steps|100|--warmup|10|--peak|1e-3|--floor|2e-3", ["--floor", "must not exceed --peak"] },
        { "peak zero", "optimize|--law|LAW25M|--steps|100|--warmup|10|--peak|0", ["--peak", "(0, +inf)"] },
        { "analyze format", "analyze|--spec|SPEC|--steps|10|--format|xml", ["--format", "table or json", "xml"] },
        { "analyze lambda", "analyze|--spec|SPEC|--steps|10|--lambda|1", ["--lambda", "[0, 1)"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_exits_2_with_one_line_naming_it(string name, string command, string[] expected)
    {
        // "SPEC" is a constant schedule, "CSV:text" / "LAW:text" a file with that text, "LAW25M" the authors' law.
        string csvPath = Path.Combine(_dir, "losses.csv");
        var args = command.Split('|').Select(a =>
        {
            if (a.Contains("CSV:", StringComparison.Ordinal))
            {
                int at = a.IndexOf("CSV:", StringComparison.Ordinal);
                File.WriteAllText(csvPath, a[(at + 4)..]);
                a = a[..at] + csvPath;
            }

            if (a.StartsWith("@LAW:", StringComparison.Ordinal))
            {
                a = "@" + Write("law.json", a[5..]);
            }

            return a.Replace("SPEC", """{"type":"constant","value":0.001}""", StringComparison.Ordinal)
                .Replace("LAW25M", Law25M, StringComparison.Ordinal);
        }).ToArray();

        var result = Lrs.Run(args);

        result.ExitCode.Should().Be(2, name);
        result.Stdout.Should().BeEmpty(name);
        result.ErrorLines.Should().ContainSingle(name).Which.Should().StartWith("lrs: error: ");
        foreach (string part in expected)
        {
            result.Stderr.Should().Contain(part == "CSV" ? csvPath : part, name);
        }
    }
}
