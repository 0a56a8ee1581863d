using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Torch;
using TorchSharp;
using Xunit;

namespace LrSchedules.TorchSharp.Tests;

/// <summary>
/// The TorchSharp examples of docs/pytorch.md, compiled and run here on the real libtorch; a test keeps the page's copies
/// identical to these regions.
/// </summary>
public sealed class TorchSharpDocTests
{
    private const string Begin = "// docs/pytorch.md example: begin";
    private const string End = "// docs/pytorch.md example: end";

    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LrSchedules.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LrSchedules.sln not found above " + AppContext.BaseDirectory);
    });

    public TorchSharpDocTests() => Harness.EnsureInitialized();

    [Fact]
    public void UseSchedule_training_loop_runs_as_documented()
    {
        torch.manual_seed(42);

        // docs/pytorch.md example: begin
        // Example: TorchSharp training loop with UseSchedule
        using var x = torch.randn(256, 4);
        using var y = x.matmul(torch.tensor(new float[] { 1, -2, 3, 0.5f }).reshape(4, 1)) + 1;
        using var model = torch.nn.Linear(4, 1);
        using var optimizer = torch.optim.SGD(model.parameters(), learningRate: 0.1, momentum: 0.9);

        // 100 steps of linear warmup to 0.1, then a cosine decay to 1e-3 over 900 steps.
        var lrSchedule = optimizer.UseSchedule(new WarmupSchedule(new CosineSchedule(0.1, decaySteps: 900, finalValue: 1e-3), warmupSteps: 100));
        for (int step = 0; step < 1_000; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = torch.nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step(); // the update of step `step`, with step `step`'s learning rate
            lrSchedule.Step(); // the optimizer's groups now hold the learning rate of step + 1
        }
        // docs/pytorch.md example: end

        lrSchedule.CurrentStep.Should().Be(1_000);
        optimizer.ParamGroups.Single().LearningRate.Should().Be(1e-3, "the cosine ends at step 1,000 = 100 + 900");
        using var final = torch.nn.functional.mse_loss(model.forward(x), y);
        final.item<float>().Should().BeLessThan(1e-6f, "y is linear in x, so the fit is exact up to rounding");
    }

    [Fact]
    public void OneCycle_spec_and_scheduler_run_as_documented()
    {
        using var model = torch.nn.Linear(4, 1);

        // docs/pytorch.md example: begin
        // Example: TorchSharp one-cycle, as a torch.* spec or as the scheduler
        // AdamW's beta1 plays PyTorch's momentum: cycled between 0.95 and 0.85, inversely to the learning rate.
        using var adamw = torch.optim.AdamW(model.parameters(), lr: 1e-3);
        var oneCycle = adamw.UseSchedule(
            """{"type":"torch.OneCycleLR","lr":0.001,"momentum":0.9,"args":{"max_lr":0.01,"total_steps":1000}}""");
        // ... training loop: adamw.step(); oneCycle.Step(); ...

        // The same with the stateful port (as PyTorch: it raises after total_steps steps, and can be checkpointed).
        using var adamw2 = torch.optim.AdamW(model.parameters(), lr: 1e-3);
        var scheduler = adamw2.Attach(groups => new OneCycleLR(groups, maxLr: [0.01], totalSteps: 1000));
        // ... training loop: adamw2.step(); scheduler.Step(); ...
        // docs/pytorch.md example: end

        for (int k = 0; k < 1000; k++)
        {
            adamw.ParamGroups.Single().LearningRate.Should().Be(adamw2.ParamGroups.Single().LearningRate, "step {0}", k);
            adamw.Betas.Should().Be(adamw2.Betas, "step {0}", k);
            oneCycle.Step();
            scheduler.Step();
        }

        scheduler.Invoking(s => s.Step()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Checkpoint_and_resume_run_as_documented()
    {
        torch.manual_seed(7);
        using var x = torch.randn(64, 4);
        using var y = x.sum(1, true);
        using var model = torch.nn.Linear(4, 1);
        using var optimizer = torch.optim.AdamW(model.parameters(), lr: 1e-3);
        var scheduler = optimizer.Attach(groups => new OneCycleLR(groups, maxLr: [0.01], totalSteps: 1000));
        void Train(torch.nn.Module<torch.Tensor, torch.Tensor> m, torch.optim.Optimizer o, ITorchScheduler s, int steps)
        {
            for (int i = 0; i < steps; i++)
            {
                using var scope = torch.NewDisposeScope();
                o.zero_grad();
                torch.nn.functional.mse_loss(m.forward(x), y).backward();
                o.step();
                ((LRScheduler)s).Step();
            }
        }

        Train(model, optimizer, scheduler, 400);
        DirectoryInfo temp = Directory.CreateTempSubdirectory("lrschedules-doc-");
        try
        {
            string dir = temp.FullName;

            // docs/pytorch.md example: begin
            // Example: TorchSharp checkpoint and resume
            // Save: the weights and the optimizer's own state (momentum buffers, Adam moments) with TorchSharp; the
            // scheduler's progress and the groups' lr, initial_lr and beta1 with LrSchedules, as JSON.
            model.save(Path.Combine(dir, "model.bin"));
            optimizer.save_state_dict(Path.Combine(dir, "optimizer.bin"));
            File.WriteAllText(Path.Combine(dir, "scheduler.json"), scheduler.SaveCheckpoint().ToJsonString());

            // Resume (in a new process): fresh objects built as before, then each half loaded into them.
            using var model2 = torch.nn.Linear(4, 1);
            model2.load(Path.Combine(dir, "model.bin"));
            using var optimizer2 = torch.optim.AdamW(model2.parameters(), lr: 1e-3);
            optimizer2.load_state_dict(Path.Combine(dir, "optimizer.bin"));
            var scheduler2 = optimizer2.Attach(groups => new OneCycleLR(groups, maxLr: [0.01], totalSteps: 1000));
            scheduler2.LoadCheckpoint(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "scheduler.json")))!.AsObject());
            // scheduler2.LastEpoch is 400; training on continues bit-identically. (UseSchedule: lrSchedule.SaveState() and LoadState().)
            // docs/pytorch.md example: end

            scheduler2.LastEpoch.Should().Be(400);
            Train(model, optimizer, scheduler, 600);
            Train(model2, optimizer2, scheduler2, 600);
            Harness.Bits(Harness.Snapshot(model2)).Should().BeEquivalentTo(Harness.Bits(Harness.Snapshot(model)), o => o.WithStrictOrdering());
            optimizer2.ParamGroups.Single().LearningRate.Should().Be(optimizer.ParamGroups.Single().LearningRate);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_page_shows_the_same_code_as_these_tests()
    {
        var source = File.ReadAllLines(Path.Combine(RepoRoot.Value, "tests", "LrSchedules.TorchSharp.Tests", "TorchSharpDocTests.cs"));
        var regions = new List<List<string>>();
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i].Trim() == Begin)
            {
                int end = Array.FindIndex(source, i, l => l.Trim() == End);
                regions.Add(Normalize(source[(i + 1)..end]));
            }
        }

        regions.Should().HaveCount(3);
        var blocks = CSharpBlocks(File.ReadAllLines(Path.Combine(RepoRoot.Value, "docs", "pytorch.md")));
        foreach (var region in regions)
        {
            var block = blocks.SingleOrDefault(b => b.Count > 0 && b[0] == region[0]);
            block.Should().NotBeNull("docs/pytorch.md should have a ```csharp block starting with \"{0}\"", region[0]);
            block.Should().Equal(region, "the block \"{0}\" of docs/pytorch.md must match TorchSharpDocTests", region[0]);
        }
    }

    [Fact]
    public void The_readme_lists_the_package()
        => File.ReadAllText(Path.Combine(RepoRoot.Value, "README.md")).Should().Contain("LrSchedules.TorchSharp").And.NotContain("Planned, not yet available");

    private static List<string> Normalize(IEnumerable<string> lines) => [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static List<List<string>> CSharpBlocks(string[] page)
    {
        var result = new List<List<string>>();
        List<string>? current = null;
        bool inOther = false;
        foreach (string raw in page)
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
            else if (line == "```csharp")
            {
                current = [];
            }
            else if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inOther = true;
            }
        }

        return result;
    }
}
