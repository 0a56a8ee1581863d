using System.Globalization;
using FluentAssertions;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Cli;

public sealed class EvalCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-cli-tests-").FullName;

    public static TheoryData<string, string> AllSamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var (type, specs) in SampleSpecs.ByType)
        {
            foreach (string spec in specs)
            {
                data.Add(type, spec);
            }
        }

        return data;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_native_spec_type_has_a_sample()
    {
        // Native types have no namespace; compat types (e.g. "optax.cosine_decay_schedule") are covered by their own tests.
        var native = ScheduleSpec.Types.Select(t => t.Name).Where(n => !n.Contains('.', StringComparison.Ordinal));
        SampleSpecs.ByType.Keys.Should().BeEquivalentTo(native);
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Eval_prints_GetLearningRate_of_each_step_in_R_format(string type, string spec)
    {
        var schedule = ScheduleSpec.Parse(spec);

        var result = Lrs.Run("eval", "--spec", spec, "--steps", "60");

        result.ExitCode.Should().Be(0, "spec of type {0} is valid; stderr: {1}", type, result.Stderr);
        result.Stderr.Should().BeEmpty();
        result.Stdout.Should().EndWith("\n").And.NotContain("\r");
        result.Lines.Should().Equal(Expected(schedule, 0, 60));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Eval_with_start_prints_steps_from_start(string type, string spec)
    {
        _ = type;
        var schedule = ScheduleSpec.Parse(spec);

        var result = Lrs.Run("eval", "--spec", spec, "--steps", "25", "--start", "13");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Lines.Should().Equal(Expected(schedule, 13, 25));
    }

    [Fact]
    public void Eval_of_the_readme_example_prints_the_cosine_values()
    {
        var result = Lrs.Run("eval", "--spec", """{"type":"cosine","initial_value":0.1,"decay_steps":10}""", "--steps", "11");

        result.ExitCode.Should().Be(0);
        result.Lines.Should().HaveCount(11);
        result.Lines[0].Should().Be("0.1");
        result.Lines[5].Should().Be("0.05");
        result.Lines[10].Should().Be("0");
    }

    [Fact]
    public void Eval_spans_several_chunks_and_matches_scalar_evaluation()
    {
        const string spec = """{"type":"warmup","warmup_steps":5000,"schedule":{"type":"cosine","initial_value":0.1,"decay_steps":7000,"final_value":1e-5}}""";
        var schedule = ScheduleSpec.Parse(spec);

        var result = Lrs.Run("eval", "--spec", spec, "--steps", "12345", "--start", "17");

        result.ExitCode.Should().Be(0);
        result.Lines.Should().Equal(Expected(schedule, 17, 12345));
    }

    [Fact]
    public void Eval_with_zero_steps_prints_nothing()
    {
        var result = Lrs.Run("eval", "--spec", """{"type":"constant","value":1}""", "--steps", "0");

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().BeEmpty();
    }

    [Fact]
    public void Eval_reaches_the_last_step()
    {
        const string spec = """{"type":"cosine","initial_value":0.1,"decay_steps":1000,"cycles":3,"periodic":true}""";
        var schedule = ScheduleSpec.Parse(spec);
        long start = long.MaxValue - 2;

        var result = Lrs.Run("eval", "--spec", spec, "--steps", "3", "--start", start.ToString(CultureInfo.InvariantCulture));

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Lines.Should().Equal(Expected(schedule, start, 3));
    }

    [Fact]
    public void Eval_accepts_equals_syntax_for_options()
    {
        var result = Lrs.Run("eval", """--spec={"type":"constant","value":0.5}""", "--steps=2", "--start=4");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be("0.5\n0.5\n");
    }

    [Fact]
    public void Eval_reads_the_spec_from_a_file()
    {
        const string spec = """
            {
              "type": "hold",
              "hold_steps": 3,
              "schedule": { "type": "linear", "initial_value": 0.2, "final_value": 0.02, "transition_steps": 9 }
            }
            """;
        string path = Path.Combine(_dir, "spec.json");
        File.WriteAllText(path, spec);

        var fromFile = Lrs.Run("eval", "--spec", "@" + path, "--steps", "20");
        var inline = Lrs.Run("eval", "--spec", spec, "--steps", "20");

        fromFile.ExitCode.Should().Be(0, fromFile.Stderr);
        fromFile.Stdout.Should().Be(inline.Stdout);
        fromFile.Lines.Should().Equal(Expected(ScheduleSpec.Parse(spec), 0, 20));
    }

    [Fact]
    public void Eval_accepts_metrics_inline()
    {
        const string spec = """{"type":"constant","value":0.5}""";

        var result = Lrs.Run("eval", "--spec", spec, "--steps", "3", "--metrics", "1.5,0.25, -3e-2,4");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be("0.5\n0.5\n0.5\n");
    }

    [Fact]
    public void Eval_accepts_metrics_from_a_file()
    {
        string path = Path.Combine(_dir, "metrics.txt");
        File.WriteAllText(path, "1.5, 0.25\n-3e-2\t4\r\n7\n");

        var result = Lrs.Run("eval", "--spec", """{"type":"constant","value":0.5}""", "--steps", "2", "--metrics", "@" + path);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be("0.5\n0.5\n");
    }

    [Fact]
    public void Metrics_are_parsed_to_the_listed_numbers()
    {
        LrSchedules.Cli.Metrics.Parse("--metrics", "1.5, 0.25\n-3e-2\t4\r\n7\n").Should().Equal(1.5, 0.25, -0.03, 4, 7);
        LrSchedules.Cli.Metrics.Parse("--metrics", "2").Should().Equal(2);
    }

    [Fact]
    public void Metrics_are_streamed_across_read_chunks()
    {
        // Numbers of varying length, so that some straddle the reader's 64 KiB chunks.
        var expected = Enumerable.Range(0, 60_000).Select(i => i % 3 == 0 ? i * 1e-7 : -i / 7.0).ToArray();
        string text = string.Join(" ,\n", expected.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

        LrSchedules.Cli.Metrics.Parse("--metrics", text).Should().Equal(expected);
        LrSchedules.Cli.Metrics.Parse("--metrics", "\t\n " + text + "\n\n").Should().Equal(expected);
    }

    [Theory]
    [InlineData(",1", "--metrics[0]: empty entry (two commas in a row, or a leading comma)")]
    [InlineData("1 ,, 2", "--metrics[1]: empty entry (two commas in a row, or a leading comma)")]
    [InlineData("1, 2 ,\n", "--metrics[2]: empty entry (trailing comma)")]
    [InlineData("1 2 x3", "--metrics[2]: must be a finite number; got \"x3\"")]
    public void Metric_errors_name_the_entry(string text, string expected)
    {
        var act = () => LrSchedules.Cli.Metrics.Parse("--metrics", text);

        act.Should().Throw<LrSchedules.Cli.LrsUsageException>().Which.Message.Should().StartWith(expected);
    }

    [Fact]
    public void Metric_errors_deep_in_a_long_list_name_the_entry()
    {
        string text = string.Concat(Enumerable.Repeat("0.5\n", 100_000)) + "loss=1\n";

        var act = () => LrSchedules.Cli.Metrics.Parse("--metrics", text);

        act.Should().Throw<LrSchedules.Cli.LrsUsageException>().Which.Message.Should().StartWith("--metrics[100000]: must be a finite number; got \"loss=1\"");
    }

    [Fact]
    public void A_number_may_have_1024_characters_and_no_more()
    {
        string longest = "0." + new string('0', 1021) + "1";
        longest.Should().HaveLength(LrSchedules.Cli.Metrics.MaxNumberChars);

        LrSchedules.Cli.Metrics.Parse("--metrics", "1 " + longest).Should().Equal(1, 0);
        var act = () => LrSchedules.Cli.Metrics.Parse("--metrics", "1 " + longest + "0");
        act.Should().Throw<LrSchedules.Cli.LrsUsageException>().Which.Message.Should().StartWith("--metrics[1]: must be a finite number of at most 1024 characters; got \"0.000");
    }

    [Fact]
    public void Output_is_byte_identical_under_a_german_culture()
    {
        // E-notation values (1E-05, 2.5E-06) and a comma-decimal culture with a non-ASCII minus sign expose any
        // culture-dependent formatting.
        const string spec = """{"type":"sequence","phases":[{"steps":4,"schedule":{"type":"constant","value":1.25}},{"schedule":{"type":"cosine","initial_value":3e-5,"decay_steps":20,"final_value":1e-7}}]}""";
        string[] args = ["eval", "--spec", spec, "--steps", "30", "--metrics", "0.5,1e-3"];
        var invariant = WithCulture(CultureInfo.InvariantCulture, () => Lrs.Run(args));

        foreach (var culture in GermanCultures())
        {
            var german = WithCulture(culture, () => Lrs.Run(args));

            german.ExitCode.Should().Be(0, german.Stderr);
            german.Stdout.Should().Be(invariant.Stdout);
        }

        invariant.Stdout.Should().Contain("1.25\n").And.Contain("E-").And.NotContain(",");
    }

    [Fact]
    public void List_output_is_byte_identical_under_a_german_culture()
    {
        var invariant = WithCulture(CultureInfo.InvariantCulture, () => Lrs.Run("list"));
        foreach (var culture in GermanCultures())
        {
            WithCulture(culture, () => Lrs.Run("list")).Stdout.Should().Be(invariant.Stdout);
        }
    }

    internal static string[] Expected(ILearningRateSchedule schedule, long start, long steps)
    {
        var lines = new string[steps];
        for (long k = 0; k < steps; k++)
        {
            lines[k] = schedule.GetLearningRate(start + k).ToString("R", CultureInfo.InvariantCulture);
        }

        return lines;
    }

    /// <summary>
    /// de-DE when the runtime has it (the solution builds with invariant globalization, where it may not), and always a
    /// de-DE-like culture built by hand: comma decimal separator, dot group separator, U+2212 minus sign.
    /// </summary>
    private static IEnumerable<CultureInfo> GermanCultures()
    {
        CultureInfo? real = null;
        try
        {
            real = CultureInfo.GetCultureInfo("de-DE");
        }
        catch (CultureNotFoundException)
        {
        }

        if (real is { NumberFormat.NumberDecimalSeparator: "," })
        {
            yield return real;
        }

        var synthetic = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        synthetic.NumberFormat.NumberDecimalSeparator = ",";
        synthetic.NumberFormat.NumberGroupSeparator = ".";
        synthetic.NumberFormat.NegativeSign = "\u2212";
        synthetic.NumberFormat.PositiveSign = "\u002B";
        synthetic.NumberFormat.NaNSymbol = "n. def.";
        synthetic.NumberFormat.PositiveInfinitySymbol = "\u221E";
        yield return synthetic;
    }

    private static T WithCulture<T>(CultureInfo culture, Func<T> action)
    {
        var saved = CultureInfo.CurrentCulture;
        var savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }
}
