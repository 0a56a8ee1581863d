using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using LrSchedules;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.Cli;
using LrSchedules.Tests.Golden;
using Xunit;

namespace LrSchedules.Tests.Docs;

/// <summary>
/// docs/continual-pretraining.md cannot drift: its C# example is the code below, every value in its table is computed
/// here, its JSON files parse to the C# schedules, and every <c>lrs eval</c> command in it prints what the doc shows.
/// </summary>
public sealed partial class ContinualPretrainingDocTests
{
    private const string BeginMarker = "// continual-pretraining example: begin";
    private const string EndMarker = "// continual-pretraining example: end";

    private static readonly Lazy<string[]> Doc = new(() => File.ReadAllLines(Path.Combine(GoldenData.RepoRoot, "docs", "continual-pretraining.md")));

    [Fact]
    public void Worked_example_gives_the_documented_values()
    {
        var s = Example();

        // Task 1's main run: warmup, cosine cooldown, then the constant phase for as long as it runs.
        s["main"].GetLearningRate(0).Should().Be(0);
        s["main"].GetLearningRate(500).Should().Be(0.00015);
        s["main"].GetLearningRate(1_000).Should().Be(0.0003);
        s["main"].GetLearningRate(3_000).Should().Be(0.00019999999999999998);
        s["main"].GetLearningRate(5_000).Should().Be(0.0001);
        s["main"].GetLearningRate(1_000_000_000).Should().Be(0.0001);

        // The anneal branch forked at 20,000: equal to the main run before, 1-sqrt anneal to 0 over 4,000 steps.
        s["branch"].GetLearningRate(19_999).Should().Be(0.0001);
        s["branch"].GetLearningRate(20_000).Should().Be(0.0001);
        s["branch"].GetLearningRate(21_000).Should().Be(5E-05);
        s["branch"].GetLearningRate(22_000).Should().Be(2.9289321881345244E-05);
        s["branch"].GetLearningRate(23_000).Should().Be(1.339745962155614E-05);
        s["branch"].GetLearningRate(24_000).Should().Be(0);
        s["branch"].GetLearningRate(30_000).Should().Be(0);

        // Task 2 from step 50,000: no re-warming, constant until 80,000, geometric anneal to 1e-5 at 90,000.
        s["extended"].GetLearningRate(49_999).Should().Be(0.0001);
        s["extended"].GetLearningRate(50_000).Should().Be(0.0001);
        s["extended"].GetLearningRate(80_000).Should().Be(0.0001);
        s["extended"].GetLearningRate(85_000).Should().Be(3.1622776601683795E-05);
        s["extended"].GetLearningRate(90_000).Should().Be(1E-05);
        s["extended"].GetLearningRate(100_000).Should().Be(1E-05);

        // The same task on its own clock.
        s["task2"].GetLearningRate(0).Should().Be(0.0001);
        s["task2"].GetLearningRate(35_000).Should().Be(3.1622776601683795E-05);
        s["task2"].GetLearningRate(40_000).Should().Be(1E-05);
        for (long k = 0; k <= 60_000; k += 250)
        {
            s["task2"].GetLearningRate(k).Should().Be(s["extended"].GetLearningRate(50_000 + k));
        }

        // Before the fork and before the new task, both equal the main run.
        for (long k = 0; k < 20_000; k += 125)
        {
            s["branch"].GetLearningRate(k).Should().Be(s["main"].GetLearningRate(k));
            s["extended"].GetLearningRate(k).Should().Be(s["main"].GetLearningRate(k));
        }
    }

    [Fact]
    public void Doc_shows_the_same_code_as_this_test()
    {
        var doc = Doc.Value;
        int open = Array.IndexOf(doc, "```csharp");
        open.Should().BeGreaterThanOrEqualTo(0, "docs/continual-pretraining.md has a ```csharp example");
        int close = Array.IndexOf(doc, "```", open + 1);
        var docCode = Normalize(doc[(open + 1)..close]).Where(l => !l.StartsWith("using ", StringComparison.Ordinal)).ToList();

        var source = File.ReadAllLines(Path.Combine(GoldenData.RepoRoot, "tests", "LrSchedules.Tests", "Docs", "ContinualPretrainingDocTests.cs"));
        int begin = Array.FindIndex(source, l => l.Trim() == BeginMarker);
        int end = Array.FindIndex(source, l => l.Trim() == EndMarker);
        var testCode = Normalize(source[(begin + 1)..end]).ToList();

        docCode.Should().Equal(testCode);
        source.Should().Contain(Normalize(doc[(open + 1)..close]).Where(l => l.StartsWith("using ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_value_in_the_doc_table_is_what_the_schedule_gives()
    {
        var s = Example();
        int rows = 0;
        foreach (var line in Doc.Value)
        {
            if (TableRow().Match(line) is { Success: true } m)
            {
                string name = m.Groups[1].Value;
                long step = long.Parse(m.Groups[2].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
                string value = m.Groups[3].Value;
                s.Should().ContainKey(name);
                s[name].GetLearningRate(step).ToString("R", CultureInfo.InvariantCulture).Should().Be(value, "the doc's table row for {0} at step {1}", name, step);
                rows++;
            }
        }

        rows.Should().BeGreaterThanOrEqualTo(15);
    }

    [Fact]
    public void Doc_json_files_describe_the_csharp_schedules()
    {
        var s = Example();
        var files = JsonFiles();
        files.Keys.Should().BeEquivalentTo(["main.json", "branch.json", "extended.json", "task2.json"]);
        foreach (var (file, json) in files)
        {
            ScheduleSpec.Parse(json).Should().Be(s[file[..^".json".Length]], "{0} in the doc must describe the C# schedule", file);
        }
    }

    [Fact]
    public void Every_lrs_command_in_the_doc_prints_what_the_doc_shows()
    {
        var files = JsonFiles();
        string dir = Path.Combine(Path.GetTempPath(), "lrs-cpt-doc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var (file, json) in files)
            {
                File.WriteAllText(Path.Combine(dir, file), json);
            }

            var commands = ConsoleCommands();
            commands.Count.Should().BeGreaterThanOrEqualTo(4);
            foreach (var (command, expected) in commands)
            {
                var args = SplitArgs(command["$ lrs ".Length..]).Select(a => a.StartsWith('@') ? "@" + Path.Combine(dir, a[1..]) : a).ToArray();
                var result = Lrs.Run(args);
                result.ExitCode.Should().Be(0, "`{0}` must succeed: {1}", command, result.Stderr);
                result.Stdout.Should().Be(string.Concat(expected.Select(l => l + "\n")), "`{0}` must print what the doc shows", command);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Dictionary<string, ILearningRateSchedule> Example()
    {
        // continual-pretraining example: begin
        // Task 1: warm up to 3e-4 over 1,000 steps, cosine cooldown to 1e-4 over 4,000 steps,
        // then 1e-4 for as long as the run goes on (constantSteps: null: no anneal is planned).
        var main = new InfiniteSchedule(
            peakValue: 3e-4, warmupSteps: 1_000, cooldownSteps: 4_000,
            constantValue: 1e-4, constantSteps: null, annealSteps: 1, finalValue: 1e-5);

        // A finished model at step 20,000: fork a branch that anneals from there to 0 over 4,000 steps
        // along the 1-sqrt curve. The main run goes on at 1e-4, unaffected.
        var branch = ContinualPretraining.ForkAnneal(
            main, branchStep: 20_000, annealSteps: 4_000, finalValue: 0, shape: DecayShape.OneMinusSqrt);

        // Task 2 arrives at step 50,000: continue the main run's checkpoint (not an annealed one) at 1e-4,
        // without re-warming, for 30,000 steps, then the geometric anneal to 1e-5 over 10,000 steps.
        var extended = ContinualPretraining.ExtendWithTask(
            main, previousSteps: 50_000, constantValue: 1e-4, constantSteps: 30_000, annealSteps: 10_000, finalValue: 1e-5);

        // The same task-2 schedule for a trainer whose step counter restarts at 0 with the new task.
        var task2 = InfiniteSchedule.Continuing(constantValue: 1e-4, constantSteps: 30_000, annealSteps: 10_000, finalValue: 1e-5);
        // continual-pretraining example: end

        return new Dictionary<string, ILearningRateSchedule>(StringComparer.Ordinal)
        {
            ["main"] = main,
            ["branch"] = branch,
            ["extended"] = extended,
            ["task2"] = task2,
        };
    }

    /// <summary>Each ```json block of the doc preceded (after a blank line) by a line "File `name.json`:".</summary>
    private static Dictionary<string, string> JsonFiles()
    {
        var doc = Doc.Value;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < doc.Length; i++)
        {
            if (doc[i] != "```json")
            {
                continue;
            }

            int close = Array.IndexOf(doc, "```", i + 1);
            int label = i - 1;
            while (label >= 0 && doc[label].Trim().Length == 0)
            {
                label--;
            }

            var m = FileLabel().Match(label >= 0 ? doc[label] : string.Empty);
            m.Success.Should().BeTrue("the ```json block at line {0} must follow a line \"File `name.json`:\"", i + 1);
            files.Add(m.Groups[1].Value, string.Join("\n", doc[(i + 1)..close]));
            i = close;
        }

        return files;
    }

    /// <summary>The <c>$ lrs ...</c> lines of the ```console blocks, each with the output lines that follow it.</summary>
    private static List<(string Command, List<string> Output)> ConsoleCommands()
    {
        var doc = Doc.Value;
        var result = new List<(string, List<string>)>();
        for (int i = 0; i < doc.Length; i++)
        {
            if (doc[i] != "```console")
            {
                continue;
            }

            int close = Array.IndexOf(doc, "```", i + 1);
            for (int j = i + 1; j < close; j++)
            {
                if (doc[j].StartsWith("$ lrs ", StringComparison.Ordinal))
                {
                    result.Add((doc[j], []));
                }
                else
                {
                    result.Should().NotBeEmpty("output at line {0} must follow a command", j + 1);
                    result[^1].Item2.Add(doc[j]);
                }
            }

            i = close;
        }

        return result;
    }

    /// <summary>Splits a command line on spaces, keeping single-quoted arguments whole (as a POSIX shell does).</summary>
    private static List<string> SplitArgs(string line)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        quoted.Should().BeFalse("quotes must be balanced in `{0}`", line);
        if (any)
        {
            args.Add(current.ToString());
        }

        return args;
    }

    private static IEnumerable<string> Normalize(IEnumerable<string> lines) => lines.Select(l => l.Trim()).Where(l => l.Length > 0);

    [GeneratedRegex(@"^\| `(\w+)` \| ([0-9,]+) \| `([^`]+)` \|")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"^File `([\w-]+\.json)`:$")]
    private static partial Regex FileLabel();
}
