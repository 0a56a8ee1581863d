using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.Golden;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// The C# examples of docs/pytorch.md, compiled and run here; other tests keep the copies identical, parse the page's JSON
/// examples and check the bit-identical count it states.
/// </summary>
public sealed class PyTorchDocTests
{
    private static readonly Lazy<string[]> Page = new(() => File.ReadAllLines(Path.Combine(GoldenData.RepoRoot, "docs", "pytorch.md")));

    [Fact]
    public void Training_loop_runs_as_documented()
    {
        // docs/pytorch.md example: begin
        // Example: training loop
        // Two parameter groups (say, a backbone and a head), SGD with momentum 0.9.
        var groups = new ParameterGroups(learningRates: [0.1, 0.01], momentums: [0.9, 0.9]);

        // 5 epochs of linear warmup from 10% of the lr, then a cosine decay over the remaining 95 epochs.
        var warmup = new LinearLR(groups, startFactor: 0.1, endFactor: 1.0, totalIters: 5);
        var cosine = new CosineAnnealingLR(groups, tMax: 95, etaMin: 1e-4);
        var scheduler = new SequentialLR(groups, [warmup, cosine], milestones: [5]);

        var history = new List<double>();
        for (int epoch = 0; epoch < 100; epoch++)
        {
            double backboneLr = groups.GetLearningRate(0); // the learning rates the optimizer uses in this epoch
            double headLr = groups.GetLearningRate(1);
            history.Add(backboneLr);
            // ... train one epoch: the optimizer's steps use backboneLr and headLr ...
            scheduler.Step(); // after the optimizer's steps, as in PyTorch
        }

        // ReduceLROnPlateau steps with the metric observed after each epoch instead.
        var plateauGroups = new ParameterGroups(0.1);
        var plateau = new ReduceLROnPlateau(plateauGroups, PlateauMode.Min, factor: 0.5, patience: 2);
        foreach (double validationLoss in new[] { 1.0, 0.8, 0.81, 0.82, 0.80, 0.83 })
        {
            plateau.Step(validationLoss);
        }

        // plateauGroups.GetLearningRate(0) is now 0.05: three epochs in a row did not improve on 0.8.
        // docs/pytorch.md example: end

        history[0].Should().BeApproximately(0.01, 1e-15);
        history[5].Should().Be(0.1, "the cosine restarts from base_lr at the milestone");
        history[99].Should().BeLessThan(0.001);
        groups.GetLearningRate(1).Should().BeApproximately(1e-4, 1e-12, "T_max = 95 steps after the milestone");
        plateauGroups.GetLearningRate(0).Should().Be(0.05);
    }

    [Fact]
    public void Checkpoint_and_resume_runs_as_documented()
    {
        // docs/pytorch.md example: begin
        // Example: checkpoint and resume
        var groups = new ParameterGroups(0.1);
        var scheduler = new CosineAnnealingLR(groups, tMax: 100, etaMin: 1e-4);
        for (int i = 0; i < 40; i++)
        {
            scheduler.Step();
        }

        // Checkpoint: the scheduler's progress and the groups' learning rates, as JSON text.
        string schedulerState = scheduler.SaveState().ToJsonString();
        string groupsState = groups.SaveState().ToJsonString();

        // Resume with a longer horizon: construct with the new arguments, then load the scheduler's state, then the groups'.
        var resumedGroups = new ParameterGroups(0.1);
        var resumed = new CosineAnnealingLR(resumedGroups, tMax: 200, etaMin: 1e-4);
        resumed.LoadState(JsonNode.Parse(schedulerState)!.AsObject());
        resumedGroups.LoadState(JsonNode.Parse(groupsState)!.AsObject());

        // resumed.LastEpoch is 40 and resumedGroups.GetLearningRate(0) equals groups.GetLearningRate(0);
        // further steps decay towards eta_min, reached at step 200.
        resumed.Step();
        // docs/pytorch.md example: end

        resumed.LastEpoch.Should().Be(41);
        resumedGroups.GetLearningRate(0).Should().BeLessThan(groups.GetLearningRate(0));
        for (int e = 42; e <= 200; e++)
        {
            resumed.Step();
        }

        resumedGroups.GetLearningRate(0).Should().Be(1e-4);
    }

    [Fact]
    public void Spec_example_runs_as_documented()
    {
        // docs/pytorch.md example: begin
        // Example: a torch.* spec as a schedule
        var schedule = (IGroupedSchedule)ScheduleSpec.Parse(
            """{"type":"torch.OneCycleLR","lr":0.1,"momentum":0.9,"args":{"max_lr":0.1,"total_steps":100}}""");
        double lr30 = schedule.GetLearningRate(30); // straight to step 30; the peak, 0.1, was step 29 = 0.3 * 100 - 1
        var lrs = new double[101];
        var momentums = new double[101];
        schedule.EvaluateGroups(0, 101, lrs, momentums); // one group: lrs[k] and momentums[k] are step k
        double held = schedule.GetLearningRate(5_000); // past the cycle: the value of step 99 = total_steps - 1
        // docs/pytorch.md example: end

        lrs[29].Should().Be(0.1);
        lr30.Should().Be(lrs[30]).And.BeLessThan(0.1);
        momentums[29].Should().BeApproximately(0.85, 1e-15);
        held.Should().Be(lrs[99]);
        lrs[100].Should().Be(lrs[99]);
    }

    [Fact]
    public void The_page_shows_the_same_code_as_these_tests()
    {
        var source = File.ReadAllLines(Path.Combine(GoldenData.RepoRoot, "tests", "LrSchedules.Tests", "Torch", "PyTorchDocTests.cs"));
        var regions = new List<List<string>>();
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i].Trim() == "// docs/pytorch.md example: begin")
            {
                int end = Array.FindIndex(source, i, l => l.Trim() == "// docs/pytorch.md example: end");
                regions.Add(Normalize(source[(i + 1)..end]));
            }
        }

        regions.Should().HaveCount(3);
        var blocks = CodeBlocks("csharp");
        foreach (var region in regions)
        {
            var block = blocks.SingleOrDefault(b => b.Count > 0 && b[0] == region[0]);
            block.Should().NotBeNull("docs/pytorch.md should have a ```csharp block starting with \"{0}\"", region[0]);
            block.Should().Equal(region, "the block \"{0}\" of docs/pytorch.md must match PyTorchDocTests", region[0]);
        }
    }

    [Fact]
    public void Json_examples_parse_and_round_trip()
    {
        var blocks = CodeBlocks("json");
        blocks.Should().NotBeEmpty();
        foreach (var block in blocks)
        {
            string json = string.Join("\n", block);
            var schedule = ScheduleSpec.Parse(json);
            schedule.Should().BeOfType<TorchSchedule>();
            ScheduleSpec.Parse(ScheduleSpec.ToJson(schedule)).Should().Be(schedule);
        }
    }

    [Fact]
    public void The_page_states_the_tested_bit_identical_count()
        => string.Join("\n", Page.Value).Should().Contain("**32 of 32** torch.json\n  cases and **7 of 8** torch2.json cases are bit-identical", "TorchGoldenBitIdentityTests asserts these counts");

    [Fact]
    public void The_index_links_the_page()
        => File.ReadAllText(Path.Combine(GoldenData.RepoRoot, "docs", "index.md")).Should().Contain("(pytorch.md)");

    private static List<string> Normalize(IEnumerable<string> lines) => [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>The page's fenced blocks of one language, each as trimmed non-empty lines.</summary>
    private static List<List<string>> CodeBlocks(string language)
    {
        var result = new List<List<string>>();
        List<string>? current = null;
        bool inOther = false;
        foreach (string raw in Page.Value)
        {
            string line = raw.Trim();
            if (current is not null)
            {
                if (line == "```")
                {
                    result.Add(Normalize(current));
                    current = null;
                }
                else
                {
                    current.Add(line);
                }
            }
            else if (inOther)
            {
                inOther = line != "```";
            }
            else if (line == "```" + language)
            {
                current = [];
            }
            else if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inOther = true;
            }
        }

        current.Should().BeNull("every ```{0} block of docs/pytorch.md must be closed", language);
        return result;
    }
}
