using FluentAssertions;
using LrSchedules;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests;

/// <summary>The C# quick start of README.md, compiled and run; a second test keeps the two copies identical.</summary>
public sealed class ReadmeQuickStartTests
{
    private const string BeginMarker = "// README quick start: begin";
    private const string EndMarker = "// README quick start: end";

    [Fact]
    public void Quick_start_runs_as_documented()
    {
        // README quick start: begin
        // 1,000 warmup steps from 0 up to 0.1, then a cosine decay to 1e-4 over 9,000 steps.
        var schedule = new WarmupSchedule(
            new CosineSchedule(initialValue: 0.1, decaySteps: 9_000, finalValue: 1e-4),
            warmupSteps: 1_000);

        double lr = schedule.GetLearningRate(500); // 0.05: halfway up the warmup

        // Fill a span in one call: lrs[k] is the learning rate at step 2_000 + k.
        var lrs = new double[10_000];
        schedule.Evaluate(2_000, lrs);

        // Specs: the schedule as JSON, and back to an equal schedule.
        string json = ScheduleSpec.ToJson(schedule);
        ILearningRateSchedule again = ScheduleSpec.Parse(json);
        // json: {"type":"warmup","warmup_steps":1000,"start_value":0,"shape":"linear","schedule":{"type":"cosine",...}}
        // again.Equals(schedule) is true, and again gives the same value at every step.
        // README quick start: end

        lr.Should().Be(0.05);
        lrs[0].Should().Be(schedule.GetLearningRate(2_000));
        lrs[^1].Should().Be(schedule.GetLearningRate(11_999)).And.Be(1e-4);
        json.Should().StartWith("""{"type":"warmup","warmup_steps":1000,"start_value":0,"shape":"linear","schedule":{"type":"cosine",""");
        again.Should().Be(schedule);
        again.GetLearningRate(5_500).Should().Be(schedule.GetLearningRate(5_500));
    }

    [Fact]
    public void Readme_shows_the_same_code_as_this_test()
    {
        string root = RepositoryRoot();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        int open = Array.IndexOf(readme, "```csharp");
        open.Should().BeGreaterThanOrEqualTo(0, "README.md has a ```csharp quick start");
        int close = Array.IndexOf(readme, "```", open + 1);
        var readmeCode = Normalize(readme[(open + 1)..close]).Where(l => !l.StartsWith("using ", StringComparison.Ordinal)).ToList();

        var source = File.ReadAllLines(Path.Combine(root, "tests", "LrSchedules.Tests", "ReadmeQuickStartTests.cs"));
        int begin = Array.FindIndex(source, l => l.Trim() == BeginMarker);
        int end = Array.FindIndex(source, l => l.Trim() == EndMarker);
        var testCode = Normalize(source[(begin + 1)..end]).ToList();

        readmeCode.Should().Equal(testCode);

        var usings = Normalize(readme[(open + 1)..close]).Where(l => l.StartsWith("using ", StringComparison.Ordinal));
        source.Should().Contain(usings);
    }

    private static IEnumerable<string> Normalize(IEnumerable<string> lines) => lines.Select(l => l.Trim()).Where(l => l.Length > 0);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LrSchedules.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no LrSchedules.sln above " + AppContext.BaseDirectory);
    }
}
