using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// Saving at every step k of every torch.json case, restoring (through JSON text) into a freshly constructed scheduler
/// over fresh groups, and continuing reproduces the uninterrupted sequence bit for bit.
/// </summary>
public sealed class StateRoundTripTests
{
    public static TheoryData<string> Cases() => TorchGoldenTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Restoring_at_every_step_continues_bit_for_bit(string name)
    {
        var c = TorchGoldenTests.Case(name);
        var schedule = (TorchSchedule)ScheduleSpec.Parse(c.GetProperty("spec").GetRawText());
        double[]? metrics = schedule.Metrics?.ToArray();
        int steps = c.GetProperty("steps").GetInt32();

        // The uninterrupted run.
        var reference = Run(schedule.CreateScheduler(), 0, steps, metrics);

        for (int k = 0; k < steps; k++)
        {
            var original = schedule.CreateScheduler();
            Advance(original, 0, k, metrics);
            string schedulerState = original.SaveState().ToJsonString();
            string groupsState = ((ParameterGroups)original.Groups).SaveState().ToJsonString();

            var restored = schedule.CreateScheduler();
            restored.LoadState(JsonNode.Parse(schedulerState)!.AsObject());
            ((ParameterGroups)restored.Groups).LoadState(JsonNode.Parse(groupsState)!.AsObject());
            restored.SaveState().ToJsonString().Should().Be(schedulerState, "{0}: the state reloads exactly at step {1}", name, k);

            for (int s = k; s < steps; s++)
            {
                if (s > k)
                {
                    Advance(restored, s - 1, s, metrics);
                }

                if (!SameRow(restored, reference[s]))
                {
                    Row(restored).Should().Equal(reference[s], "{0}: restored at step {1}, values at step {2}", name, k, s);
                }
            }
        }
    }

    [Fact]
    public void Resuming_with_a_longer_horizon_keeps_the_new_horizon()
    {
        // Train 50 steps of a 100-step cosine, then resume with T_max = 200: progress comes from the state, the horizon
        // from the new constructor (PyTorch's state_dict would overwrite T_max with the old 100).
        var groups = new ParameterGroups(0.1);
        var first = new CosineAnnealingLR(groups, 100, 0.001);
        for (int i = 0; i < 50; i++)
        {
            first.Step();
        }

        var state = first.SaveState();
        var resumedGroups = new ParameterGroups(0.1);
        var resumed = new CosineAnnealingLR(resumedGroups, 200, 0.001);
        resumed.LoadState(state);
        resumedGroups.LoadState(groups.SaveState());
        resumed.LastEpoch.Should().Be(50);
        resumedGroups.GetLearningRate(0).Should().Be(groups.GetLearningRate(0));

        double previous = resumedGroups.GetLearningRate(0);
        for (int e = 51; e <= 200; e++)
        {
            resumed.Step();
            double lr = resumedGroups.GetLearningRate(0);
            lr.Should().BeLessThanOrEqualTo(previous, "the resumed cosine keeps decaying towards the new horizon");
            previous = lr;
        }

        resumedGroups.GetLearningRate(0).Should().Be(0.001, "the recursive factor is exactly 0 at the new T_max");
        resumed.Step();
        resumedGroups.GetLearningRate(0).Should().BeGreaterThan(0.001, "past T_max PyTorch's cosine rises again");
    }

    [Fact]
    public void Every_class_saves_its_PyTorch_name_as_type_and_rejects_the_state_of_every_other_class()
    {
        // The type tag is what tells a checkpoint of one scheduler from another's whose fields happen to match.
        Func<ParameterGroups, ITorchScheduler>[] factories =
        [
            g => new ConstantLR(g, 0.5, 4),
            g => new CosineAnnealingLR(g, 10),
            g => new CosineAnnealingWarmRestarts(g, 10),
            g => new CyclicLR(g, [0.01], [0.1], cycleMomentum: false),
            g => new ExponentialLR(g, 0.9),
            g => new LambdaLR(g, e => 1.0 / (e + 1)),
            g => new LinearLR(g),
            g => new MultiStepLR(g, [3], 0.5),
            g => new MultiplicativeLR(g, _ => 0.9),
            g => new OneCycleLR(g, [0.1], totalSteps: 100, cycleMomentum: false),
            g => new PolynomialLR(g),
            g => new SWALR(g, [0.05]),
            g => new StepLR(g, 3),
            g => new SequentialLR(g, [new StepLR(g, 3), new ExponentialLR(g, 0.9)], [4]),
            g => new ChainedScheduler(g, [new StepLR(g, 3), new ExponentialLR(g, 0.9)]),
            g => new ReduceLROnPlateau(g),
        ];
        var states = factories.Select(f => f(new ParameterGroups(0.1)).SaveState()).ToArray();
        foreach (var state in states)
        {
            string type = state["type"]!.GetValue<string>();
            type.Should().NotBeNullOrEmpty();
        }

        for (int i = 0; i < factories.Length; i++)
        {
            var scheduler = factories[i](new ParameterGroups(0.1));
            states[i]["type"]!.GetValue<string>().Should().Be(scheduler.GetType().Name, "the saved type is PyTorch's class name");
            for (int j = 0; j < factories.Length; j++)
            {
                if (i != j)
                {
                    var other = JsonNode.Parse(states[j].ToJsonString())!.AsObject();
                    FluentActions.Invoking(() => scheduler.LoadState(other)).Should().Throw<ArgumentException>("{0} must not load a {1} state", scheduler.GetType().Name, other["type"]);
                }
            }
        }
    }

    [Fact]
    public void Loading_a_mismatched_state_fails_and_changes_nothing()
    {
        var groups = new ParameterGroups(0.1);
        var scheduler = new StepLR(groups, 3, 0.5);
        scheduler.Step();
        string before = scheduler.SaveState().ToJsonString();

        var other = new CosineAnnealingLR(new ParameterGroups(0.1), 10).SaveState();
        FluentActions.Invoking(() => scheduler.LoadState(other)).Should().Throw<ArgumentException>().WithMessage("*type*");

        var corrupted = JsonNode.Parse(before)!.AsObject();
        corrupted["base_lrs"] = new JsonArray(0.1, 0.2);
        FluentActions.Invoking(() => scheduler.LoadState(corrupted)).Should().Throw<ArgumentException>().WithMessage("*base_lrs*");

        var wrongType = JsonNode.Parse(before)!.AsObject();
        wrongType["last_epoch"] = "three";
        FluentActions.Invoking(() => scheduler.LoadState(wrongType)).Should().Throw<ArgumentException>().WithMessage("*last_epoch*");

        scheduler.SaveState().ToJsonString().Should().Be(before);
    }

    [Fact]
    public void A_bad_child_state_leaves_every_child_unchanged()
    {
        var groups = new ParameterGroups(0.1);
        var sequential = new SequentialLR(groups, [new LinearLR(groups, 0.1, 1, 5), new StepLR(groups, 2, 0.5)], [5]);
        for (int i = 0; i < 7; i++)
        {
            sequential.Step();
        }

        string before = sequential.SaveState().ToJsonString();
        var state = JsonNode.Parse(before)!.AsObject();
        state["_schedulers"]![1]!["last_epoch"] = null;
        state["_schedulers"]![0]!["last_epoch"] = 99;
        FluentActions.Invoking(() => sequential.LoadState(state)).Should().Throw<ArgumentException>().WithMessage("*_schedulers[1]*");
        sequential.SaveState().ToJsonString().Should().Be(before);
    }

    private static List<double[]> Run(ITorchScheduler scheduler, int from, int to, double[]? metrics)
    {
        var rows = new List<double[]>();
        for (int k = 0; k < from; k++)
        {
            rows.Add([]);
        }

        for (int k = from; k < to; k++)
        {
            if (k > from)
            {
                Advance(scheduler, k - 1, k, metrics);
            }

            rows.Add(Row(scheduler));
        }

        return rows;
    }

    private static bool SameRow(ITorchScheduler scheduler, double[] expected)
    {
        var g = scheduler.Groups;
        int j = 0;
        for (int i = 0; i < g.Count; i++)
        {
            if (g.GetLearningRate(i) != expected[j++] || (g.SupportsMomentum && g.GetMomentum(i) != expected[j++]))
            {
                return false;
            }
        }

        return true;
    }

    private static double[] Row(ITorchScheduler scheduler)
    {
        var g = scheduler.Groups;
        var row = new List<double>();
        for (int i = 0; i < g.Count; i++)
        {
            row.Add(g.GetLearningRate(i));
            if (g.SupportsMomentum)
            {
                row.Add(g.GetMomentum(i));
            }
        }

        return [.. row];
    }

    /// <summary>Steps from step <paramref name="from"/> to step <paramref name="to"/> (the value at step k has seen k steps).</summary>
    private static void Advance(ITorchScheduler scheduler, int from, int to, double[]? metrics)
    {
        for (int k = from; k < to; k++)
        {
            if (scheduler is ReduceLROnPlateau plateau)
            {
                plateau.Step(metrics![k]);
            }
            else
            {
                ((LRScheduler)scheduler).Step();
            }
        }
    }
}
