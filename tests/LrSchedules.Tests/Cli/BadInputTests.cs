using FluentAssertions;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>
/// The bad-input contract: exit code 2, nothing on stdout, exactly one stderr line starting with <c>lrs: error: </c>
/// that names the field or option (and the allowed range where there is one), never a stack trace.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Constant = """{"type":"constant","value":0.5}""";

    // Fixed and relative (to the test's working directory), so the theory data and the test IDs are the same at
    // discovery and at run time (a random temp path changed them, which breaks Stryker).
    private const string MissingFile = "lrs-cli-tests-no-such-folder/missing.json";

    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-cli-tests-").FullName;

    public static TheoryData<string, string[], string[]> Cases() => new()
    {
        // Spec errors: the message is ScheduleSpecException.Message, with its JSON path.
        { "malformed JSON", ["eval", "--spec", """{"type":"constant","value":1""", "--steps", "3"], ["--spec", "$", "malformed JSON"] },
        { "not JSON at all", ["eval", "--spec", "cosine", "--steps", "3"], ["--spec", "malformed JSON"] },
        { "not an object", ["eval", "--spec", "[1,2]", "--steps", "3"], ["--spec", "$", "must be a JSON object"] },
        { "trailing comma", ["eval", "--spec", """{"type":"constant","value":1,}""", "--steps", "3"], ["--spec", "malformed JSON"] },
        { "unknown type", ["eval", "--spec", """{"type":"cosinus","initial_value":0.1}""", "--steps", "3"], ["--spec", "$.type", "cosinus", "lrs list"] },
        { "missing type", ["eval", "--spec", """{"value":0.1}""", "--steps", "3"], ["--spec", "$.type", "missing"] },
        { "missing parameter", ["eval", "--spec", """{"type":"cosine","initial_value":0.1}""", "--steps", "3"], ["--spec", "$.decay_steps", "missing required field"] },
        { "parameter out of range", ["eval", "--spec", """{"type":"cosine","initial_value":0.1,"decay_steps":0}""", "--steps", "3"], ["--spec", "$.decay_steps", "[1, 9223372036854775807]", "got 0"] },
        { "negative value", ["eval", "--spec", """{"type":"constant","value":-1}""", "--steps", "3"], ["--spec", "$.value", "[0, +inf)"] },
        { "nested parameter out of range", ["eval", "--spec", """{"type":"warmup","warmup_steps":5,"schedule":{"type":"cosine","initial_value":0.1,"decay_steps":-4}}""", "--steps", "3"], ["--spec", "$.schedule.decay_steps", "[1, 9223372036854775807]"] },
        { "wrong JSON type", ["eval", "--spec", """{"type":"cosine","initial_value":"0.1","decay_steps":10}""", "--steps", "3"], ["--spec", "$.initial_value", "must be a number"] },
        { "unknown field", ["eval", "--spec", """{"type":"constant","value":1,"valeu":2}""", "--steps", "3"], ["--spec", "$.valeu", "unknown field"] },
        { "bad choice", ["eval", "--spec", """{"type":"warmup","warmup_steps":5,"shape":"square","schedule":{"type":"constant","value":1}}""", "--steps", "3"], ["--spec", "$.shape", "\"linear\""] },
        { "nemo ratio without max_steps", ["eval", "--spec", """{"type":"nemo.WarmupPolicy","lr":0.1,"args":{"warmup_ratio":0.1}}""", "--steps", "3"], ["--spec", "$.args.max_steps", "warmup_ratio"] },
        { "fairseq argument out of range", ["eval", "--spec", """{"type":"fairseq.cosine","lr":0.01,"args":{"lr_period_updates":10,"t_mult":0.5}}""", "--steps", "3"], ["--spec", "$.args.t_mult", "[1, 1000000000]", "got 0.5"] },

        // Unreadable files.
        { "missing spec file", ["eval", "--spec", "@" + MissingFile, "--steps", "3"], ["--spec", "cannot read file", "missing.json"] },
        { "spec file is a directory", ["eval", "--spec", "@.", "--steps", "3"], ["--spec", "cannot read file"] },
        { "spec @ without a name", ["eval", "--spec", "@", "--steps", "3"], ["--spec", "file name"] },
        { "missing metrics file", ["eval", "--spec", Constant, "--steps", "3", "--metrics", "@" + MissingFile], ["--metrics", "cannot read file", "missing.json"] },

        // Metrics.
        { "metric not a number", ["eval", "--spec", Constant, "--steps", "3", "--metrics", "0.5,abc"], ["--metrics[1]", "abc", "finite"] },
        { "metric not finite", ["eval", "--spec", Constant, "--steps", "3", "--metrics", "0.5 NaN"], ["--metrics[1]", "NaN", "finite"] },
        { "metric infinite", ["eval", "--spec", Constant, "--steps", "3", "--metrics", "Infinity"], ["--metrics[0]", "finite"] },
        { "metric overflows a double", ["eval", "--spec", Constant, "--steps", "3", "--metrics", "1e400"], ["--metrics[0]", "finite"] },
        { "metric with culture decimal comma", ["eval", "--spec", Constant, "--steps", "3", "--metrics", "0,5,,1"], ["--metrics[2]", "empty entry"] },
        { "metrics trailing comma", ["eval", "--spec", Constant, "--steps", "3", "--metrics", "0.5,"], ["--metrics[1]", "trailing comma"] },
        { "metrics empty", ["eval", "--spec", Constant, "--steps", "3", "--metrics", " "], ["--metrics", "at least one"] },

        // --steps and --start.
        { "negative steps", ["eval", "--spec", Constant, "--steps", "-1"], ["--steps", "[0, 1000000000]", "-1"] },
        { "non-integer steps", ["eval", "--spec", Constant, "--steps", "1.5"], ["--steps", "[0, 1000000000]", "1.5"] },
        { "non-numeric steps", ["eval", "--spec", Constant, "--steps", "ten"], ["--steps", "[0, 1000000000]", "ten"] },
        { "too many steps", ["eval", "--spec", Constant, "--steps", "1000000001"], ["--steps", "[0, 1000000000]"] },
        { "steps beyond long", ["eval", "--spec", Constant, "--steps", "99999999999999999999"], ["--steps", "[0, 1000000000]"] },
        { "steps without value", ["eval", "--spec", Constant, "--steps"], ["--steps"] },
        { "steps given twice", ["eval", "--spec", Constant, "--steps", "1", "--steps", "2"], ["--steps"] },
        { "negative start", ["eval", "--spec", Constant, "--steps", "3", "--start", "-5"], ["--start", "[0, 9223372036854775807]", "-5"] },
        { "non-integer start", ["eval", "--spec", Constant, "--steps", "3", "--start", "2e3"], ["--start", "[0, 9223372036854775807]"] },
        { "start plus steps overflows", ["eval", "--spec", Constant, "--steps", "3", "--start", "9223372036854775806"], ["--start", "--steps", "9223372036854775807"] },

        // Command-line structure.
        { "unknown option", ["eval", "--spec", Constant, "--steps", "3", "--step-size", "2"], ["--step-size"] },
        { "unexpected argument", ["eval", "--spec", Constant, "--steps", "3", "extra"], ["extra"] },
        { "missing --spec", ["eval", "--steps", "3"], ["--spec", "required"] },
        { "missing --steps", ["eval", "--spec", Constant], ["--steps", "required"] },
        { "missing both", ["eval"], ["--spec", "--steps"] },
        { "no command", [], ["no command", "eval", "list"] },
        { "unknown command", ["evaluate", "--steps", "3"], ["evaluate", "eval", "list"] },
        { "unknown root option", ["--bogus"], ["--bogus"] },
        { "list with two types", ["list", "cosine", "linear"], ["linear"] },
        { "list of an unknown type", ["list", "cosinus"], ["list", "unknown schedule type", "cosinus", "cosine", "lrs list"] },
        { "list of a type without its namespace", ["list", "StepLR"], ["StepLR", "torch.StepLR"] },
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_exits_2_with_one_error_line(string name, string[] args, string[] mentions)
    {
        var result = Lrs.Run(args);

        AssertUsageError(result, name, mentions);
    }

    [Fact]
    public void Empty_spec_file_is_malformed_json()
    {
        string path = Path.Combine(_dir, "empty.json");
        File.WriteAllText(path, string.Empty);

        AssertUsageError(Lrs.Run("eval", "--spec", "@" + path, "--steps", "3"), "empty spec file", ["--spec @" + path, "malformed JSON"]);
    }

    [Fact]
    public void Invalid_spec_in_a_file_names_the_file_and_the_field()
    {
        string path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, "{\n  \"type\": \"step\",\n  \"initial_value\": 0.1,\n  \"step_size\": 0,\n  \"gamma\": 0.5\n}\n");

        AssertUsageError(Lrs.Run("eval", "--spec", "@" + path, "--steps", "3"), "bad spec file", ["--spec @" + path, "$.step_size", "[1, 9223372036854775807]"]);
    }

    [Fact]
    public void Invalid_metrics_in_a_file_are_rejected()
    {
        string path = Path.Combine(_dir, "metrics.txt");
        File.WriteAllText(path, "0.1\n0.2\nloss=0.3\n");

        AssertUsageError(Lrs.Run("eval", "--spec", Constant, "--steps", "3", "--metrics", "@" + path), "bad metrics file", ["--metrics[2]", "loss=0.3"]);
    }

    [Fact]
    public void Malformed_json_message_spans_one_line_even_for_multi_line_specs()
    {
        string spec = "{\n  \"type\": \"constant\",\n  \"value\": 1,\n  \"value\": 2\n}";

        AssertUsageError(Lrs.Run("eval", "--spec", spec, "--steps", "3"), "duplicate key", ["--spec"]);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("eval", "--help")]
    [InlineData("list", "-h")]
    [InlineData("eval", "--spec", "{}", "--help")]
    public void Help_works_and_exits_0(params string[] args)
    {
        var result = Lrs.Run(args);

        result.ExitCode.Should().Be(0);
        result.Stderr.Should().BeEmpty();
        result.Stdout.Should().Contain("Usage:").And.Contain("lrs");
    }

    [Fact]
    public void Root_help_lists_the_commands()
    {
        Lrs.Run("--help").Stdout.Should().Contain("eval").And.Contain("plot").And.Contain("list");
    }

    [Fact]
    public void Eval_help_documents_the_options()
    {
        Lrs.Run("eval", "--help").Stdout.Should().Contain("--spec").And.Contain("--steps").And.Contain("--start").And.Contain("--metrics").And.Contain("--format").And.Contain("@-");
    }

    [Fact]
    public void Plot_and_list_help_document_their_options()
    {
        Lrs.Run("plot", "--help").Stdout.Should().Contain("--spec").And.Contain("--label").And.Contain("--out").And.Contain("--log-y")
            .And.Contain("--title").And.Contain("--width").And.Contain("--height").And.Contain("--metrics");
        Lrs.Run("list", "--help").Stdout.Should().Contain("TYPE");
    }

    [Fact]
    public void Version_works_and_exits_0()
    {
        var result = Lrs.Run("--version");

        result.ExitCode.Should().Be(0);
        result.Stderr.Should().BeEmpty();
        result.Stdout.Trim().Should().NotBeEmpty();
    }

    internal static void AssertUsageError(LrsResult result, string name, string[] mentions)
    {
        result.ExitCode.Should().Be(2, "case '{0}' is bad input; stderr: {1}", name, result.Stderr);
        result.Stdout.Should().BeEmpty("case '{0}' must print nothing on stdout", name);
        result.Stderr.Should().EndWith("\n");
        result.ErrorLines.Should().ContainSingle("case '{0}' must print exactly one line on stderr; got: {1}", name, result.Stderr);
        string line = result.ErrorLines[0];
        line.Should().StartWith("lrs: error: ");
        line.Should().NotContain("   at ").And.NotContain("Exception");
        foreach (string mention in mentions)
        {
            line.Should().Contain(mention, "the error for case '{0}' must name it", name);
        }
    }
}
