using System.Text.Json;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// The classes of accepted arguments that made PyTorch's (and the port's) arithmetic leave <c>[0, +inf)</c>, one example
/// each: now either rejected with the argument's name and range, or computed finite and non-negative. The property tests
/// (<c>Reliability/TorchPropertyTests</c>) search the edges of every range for more.
/// </summary>
public sealed class TorchRangeTests
{
    [Fact]
    public void Linear_lr_to_zero_gives_0_where_pytorch_rounds_below_zero()
    {
        // PyTorch 2.14 gives -4.440892098500626e-19 from step 5 on (torch2.json, p2-linear-to-zero); the port writes 0.
        var schedule = (IGroupedSchedule)ScheduleSpec.Parse(Case("p2-linear-to-zero").GetProperty("spec").GetRawText());
        var lrs = new double[12 * 2];
        schedule.EvaluateGroups(0, 12, lrs, []);
        var expected = Case("p2-linear-to-zero").GetProperty("lrs");
        for (int k = 0; k < 12; k++)
        {
            for (int g = 0; g < 2; g++)
            {
                double pytorch = expected[g][k].GetDouble();
                double actual = lrs[(k * 2) + g];
                if (pytorch >= 0)
                {
                    actual.Should().Be(pytorch, "group {0} step {1}: bit for bit where PyTorch is non-negative", g, k);
                }
                else
                {
                    actual.Should().Be(0, "group {0} step {1}: PyTorch's {2:R} is below zero", g, k, pytorch);
                    BitConverter.DoubleToInt64Bits(actual).Should().Be(0, "+0, not -0");
                }
            }
        }

        // The golden tolerance (README: |a - b| <= 1e-12 max(|a|, |b|) + 1e-15) accepts it, and the stateful scheduler agrees.
        var groups = new ParameterGroups(0.1);
        var scheduler = new LinearLR(groups, 0.1, 0.0, 5);
        for (int k = 1; k <= 1000; k++)
        {
            scheduler.Step();
            groups.GetLearningRate(0).Should().BeGreaterThanOrEqualTo(0);
        }

        groups.GetLearningRate(0).Should().Be(0);
        scheduler.GetLastLr()[0].Should().Be(0);
    }

    [Theory]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":100,"div_factor":-5,"cycle_momentum":false}}""", "$.args.div_factor")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":100,"div_factor":1e-320,"cycle_momentum":false}}""", "$.args.div_factor")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":100,"final_div_factor":-1,"cycle_momentum":false}}""", "$.args.final_div_factor")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":100,"final_div_factor":1e-320,"cycle_momentum":false}}""", "$.args.final_div_factor")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":1e101,"total_steps":100,"cycle_momentum":false}}""", "$.args.max_lr")]
    [InlineData("""{"type":"torch.PolynomialLR","lr":0.1,"args":{"power":-1,"total_iters":5}}""", "$.args.power")]
    [InlineData("""{"type":"torch.MultiStepLR","lr":0.1,"args":{"milestones":[1,2],"gamma":1e200}}""", "$.args.gamma")]
    [InlineData("""{"type":"torch.MultiStepLR","lr":0.1,"args":{"milestones":[1,2,3],"gamma":1e67}}""", "$.args.gamma")]
    [InlineData("""{"type":"torch.ConstantLR","lr":0.1,"args":{"factor":5e-324}}""", "$.args.factor")]
    [InlineData("""{"type":"torch.LinearLR","lr":0.1,"args":{"start_factor":1e-310}}""", "$.args.start_factor")]
    [InlineData("""{"type":"torch.CosineAnnealingLR","lr":1.7e308,"args":{"T_max":10}}""", "$.lr")]
    [InlineData("""{"type":"torch.CosineAnnealingLR","lr":[0.1,1e101],"args":{"T_max":10}}""", "$.lr[1]")]
    [InlineData("""{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":10,"eta_min":1.7e308}}""", "$.args.eta_min")]
    [InlineData("""{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":1000000000}}""", "$.args.T_max")]
    [InlineData("""{"type":"torch.CosineAnnealingWarmRestarts","lr":0.1,"args":{"T_0":10,"eta_min":1e300}}""", "$.args.eta_min")]
    [InlineData("""{"type":"torch.CyclicLR","lr":0.1,"args":{"base_lr":0,"max_lr":1.7e308,"cycle_momentum":false}}""", "$.args.max_lr")]
    [InlineData("""{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"min_lr":1e300},"metrics":[1]}""", "$.args.min_lr")]
    [InlineData("""{"type":"torch.StepLR","lr":0.1,"momentum":-0.5,"args":{"step_size":3}}""", "$.momentum")]
    [InlineData("""{"type":"torch.SequentialLR","lr":1e300,"args":{"schedulers":[{"type":"torch.ExponentialLR","args":{"gamma":0.9}}],"milestones":[]}}""", "$.lr")]
    [InlineData("""{"type":"torch.ChainedScheduler","lr":0.1,"args":{"schedulers":[{"type":"torch.CosineAnnealingLR","args":{"T_max":2,"eta_min":1e100}},{"type":"torch.ConstantLR","args":{"factor":1e-100,"total_iters":4}},{"type":"torch.ConstantLR","args":{"factor":1e-100,"total_iters":4}},{"type":"torch.ConstantLR","args":{"factor":1e-100,"total_iters":4}}]}}""", "$.args.schedulers")]
    public void Arguments_that_leave_the_range_are_rejected_with_their_path_and_range(string json, string path)
    {
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().ThrowExactly<ScheduleSpecException>().Which;
        ex.Path.Should().Be(path, "spec {0} was rejected with: {1}", json, ex.Message);
        ex.Reason.Should().MatchRegex(@"[\[(][^\]]*[\])]|1e200|1e100", "the reason names the allowed range");
    }

    [Theory]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":1e100,"total_steps":100,"div_factor":1,"final_div_factor":1,"cycle_momentum":false}}""")]
    [InlineData("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":100,"div_factor":1e-99,"final_div_factor":1e300,"cycle_momentum":false}}""")]
    [InlineData("""{"type":"torch.MultiStepLR","lr":1e100,"args":{"milestones":[1],"gamma":1e200}}""")]
    [InlineData("""{"type":"torch.ConstantLR","lr":1e100,"args":{"factor":1e-100,"total_iters":3}}""")]
    [InlineData("""{"type":"torch.LinearLR","lr":1e100,"args":{"start_factor":1e-100,"end_factor":1,"total_iters":3}}""")]
    [InlineData("""{"type":"torch.PolynomialLR","lr":1e100,"args":{"power":1e300,"total_iters":3}}""")]
    [InlineData("""{"type":"torch.CosineAnnealingLR","lr":1e100,"args":{"T_max":3,"eta_min":1e100}}""")]
    [InlineData("""{"type":"torch.CosineAnnealingWarmRestarts","lr":1e100,"args":{"T_0":3,"T_mult":2,"eta_min":0}}""")]
    [InlineData("""{"type":"torch.CyclicLR","lr":0.1,"args":{"base_lr":1e100,"max_lr":0,"step_size_up":2,"cycle_momentum":false}}""")]
    [InlineData("""{"type":"torch.ChainedScheduler","lr":1e100,"args":{"schedulers":[{"type":"torch.CosineAnnealingLR","args":{"T_max":2,"eta_min":1e100}},{"type":"torch.ConstantLR","args":{"factor":1e-99,"total_iters":4}},{"type":"torch.ConstantLR","args":{"factor":1e-99,"total_iters":4}}]}}""")]
    [InlineData("""{"type":"torch.SequentialLR","lr":1e100,"args":{"schedulers":[{"type":"torch.ConstantLR","args":{"factor":1e-100,"total_iters":4}},{"type":"torch.CosineAnnealingLR","args":{"T_max":3,"eta_min":1e100}}],"milestones":[2]}}""")]
    public void The_edges_of_the_accepted_ranges_stay_finite_and_non_negative(string json)
    {
        var schedule = (IGroupedSchedule)ScheduleSpec.Parse(json);
        var lrs = new double[64 * schedule.GroupCount];
        schedule.EvaluateGroups(0, 64, lrs, []);
        lrs.Should().OnlyContain(v => double.IsFinite(v) && v >= 0, json);
    }

    [Fact]
    public void A_chain_may_raise_the_learning_rate_by_at_most_1e200()
    {
        // At T_max the cosine resets the lr to eta_min, forgetting the factors the ConstantLRs applied at step 0; each then
        // multiplies it by 1 / factor = 1e99 at total_iters. Three of them would give 1e100 * 1e297 = +inf (as in
        // PyTorch); two stay near 1e298. (The cosine's own gain, 18 for T_max = 2, counts too.)
        static LRScheduler[] Children(ParameterGroups g, int constants) => [new CosineAnnealingLR(g, 2, 1e100), .. Enumerable.Range(0, constants).Select(_ => new ConstantLR(g, 1e-99, 4))];
        var rejected = new ParameterGroups(1e100);
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ChainedScheduler(rejected, Children(rejected, 3)), "schedulers").Message.Should().Contain("1e200");

        var groups = new ParameterGroups(1e100);
        var chain = new ChainedScheduler(groups, Children(groups, 2));
        double largest = 0;
        for (int k = 0; k < 40; k++)
        {
            chain.Step();
            groups.GetLearningRate(0).Should().BeInRange(0, 1e301, "step {0}", k);
            largest = Math.Max(largest, groups.GetLearningRate(0));
        }

        largest.Should().BeGreaterThan(1e297, "the two factors of 1e99 did apply");
    }

    [Fact]
    public void A_cosine_period_past_2_pow_24_is_rejected_and_2_pow_24_stays_finite_through_T_max()
    {
        // With T_max = 1e9, 1 + cos(pi e / T_max) rounds to 0 for e >= T_max - 3, and PyTorch's ratio of cosines is 0 / 0
        // at T_max - 2: NaN for ever after.
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(new ParameterGroups(0.1), 1_000_000_000), "tMax")
            .Message.Should().Contain("[1, 16777216]");
        const long T = 1L << 24;
        var groups = new ParameterGroups(0.1);
        groups.SetInitialLearningRate(0, 0.1);
        var cosine = new CosineAnnealingLR(groups, T, 0.001, lastEpoch: T - 10);
        for (int k = 0; k < 30; k++)
        {
            cosine.Step();
            groups.GetLearningRate(0).Should().BeInRange(0, 1e20, "epoch {0}", cosine.LastEpoch);
        }
    }

    [Fact]
    public void Epochs_stop_at_2_pow_50()
    {
        const long Max = 1L << 50;
        var groups = new ParameterGroups(0.1);
        groups.SetInitialLearningRate(0, 0.1);
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new StepLR(groups, 3, 0.5, lastEpoch: Max), "lastEpoch");
        var linear = new LinearLR(groups, 0.5, 0.0, Max, lastEpoch: Max - 3);
        linear.Step();
        linear.Step();
        linear.LastEpoch.Should().Be(Max);
        groups.GetLearningRate(0).Should().Be(0);
        string before = linear.SaveState().ToJsonString();
        FluentActions.Invoking(linear.Step).Should().Throw<InvalidOperationException>().WithMessage("*2^50*");
        linear.SaveState().ToJsonString().Should().Be(before);
        linear.LastEpoch.Should().Be(Max);

        // (Past 2^50, LinearLR's T * s - (T - 1) * s and PolynomialLR's 1 - (e - 1) / T can round to 0 near the end of a
        // ramp of about 2^53 steps, giving -inf or NaN; the construction property finds that when the bound is lifted.)
        var restarts = new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 3);
        FluentActions.Invoking(() => restarts.Step(Max + 1.0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("epoch");
        var plateau = new ReduceLROnPlateau(new ParameterGroups(0.1));
        plateau.LoadState(new System.Text.Json.Nodes.JsonObject { ["type"] = "ReduceLROnPlateau", ["last_epoch"] = Max, ["best"] = 1.0, ["num_bad_epochs"] = 0, ["cooldown_counter"] = 0, ["_last_lr"] = new System.Text.Json.Nodes.JsonArray(0.1) });
        FluentActions.Invoking(() => plateau.Step(1.0)).Should().Throw<InvalidOperationException>();
        plateau.LastEpoch.Should().Be(Max);
    }

    [Fact]
    public void Warm_restart_cycles_saturate_instead_of_overflowing()
    {
        // T_0 = 2^40, T_mult = 2^31: the restart at 2^40 made T_i = 2^71, an OverflowException in the port's checked
        // multiplication (PyTorch's integers grow). T_i now saturates at long.MaxValue.
        var groups = new ParameterGroups(0.1);
        groups.SetInitialLearningRate(0, 0.1);
        var restarts = new CosineAnnealingWarmRestarts(groups, 1L << 40, 1L << 31, lastEpoch: (1L << 40) - 1);
        restarts.TI.Should().Be(long.MaxValue);
        restarts.TCur.Should().Be(0);
        groups.GetLearningRate(0).Should().Be(0.1);
        restarts.Step();
        groups.GetLearningRate(0).Should().BeInRange(0.0999999, 0.1);
        var state = restarts.SaveState();
        var reloaded = new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 1L << 40, 1L << 31);
        reloaded.LoadState(state);
        reloaded.TI.Should().Be(long.MaxValue, "a saturated T_i is a cycle length of this scheduler");
    }

    [Fact]
    public void Factor_functions_that_leave_the_range_throw_and_change_nothing()
    {
        var groups = new ParameterGroups(0.1);
        var lambda = new LambdaLR(groups, e => e < 3 ? 1.0 : double.NaN);
        lambda.Step();
        lambda.Step();
        string before = lambda.SaveState().ToJsonString();
        FluentActions.Invoking(lambda.Step).Should().Throw<InvalidOperationException>().WithMessage("*NaN*");
        lambda.SaveState().ToJsonString().Should().Be(before);
        groups.GetLearningRate(0).Should().Be(0.1);

        var negative = new LambdaLR(new ParameterGroups(0.1), e => e == 0 ? 1.0 : -0.5);
        FluentActions.Invoking(negative.Step).Should().Throw<InvalidOperationException>().WithMessage("*>= 0*");
        negative.LastEpoch.Should().Be(0);

        // A growing factor overflows after some 300 steps: the step that would write +inf throws instead.
        var g = new ParameterGroups(1.0);
        var growing = new MultiplicativeLR(g, _ => 10.0);
        int steps = 0;
        while (true)
        {
            double previous = g.GetLearningRate(0);
            try
            {
                growing.Step();
                steps++;
            }
            catch (InvalidOperationException ex)
            {
                ex.Message.Should().Contain("+inf");
                g.GetLearningRate(0).Should().Be(previous);
                growing.LastEpoch.Should().Be(steps);
                break;
            }
        }

        steps.Should().Be(308);

        // The scale function sees the cycle number (1 for epochs 0..3 with step sizes of 2), and must stay in [0, 1].
        var cyclic = new CyclicLR(new ParameterGroups(0.1, 0.9), [0.01], [0.1], 2, scaleFn: x => x < 2 ? 1.0 : 2.0);
        for (int k = 0; k < 3; k++)
        {
            cyclic.Step();
        }

        double momentum = cyclic.Groups.GetMomentum(0), lr = cyclic.Groups.GetLearningRate(0);
        FluentActions.Invoking(cyclic.Step).Should().Throw<InvalidOperationException>().WithMessage("*[0, 1]*");
        cyclic.LastEpoch.Should().Be(3);
        cyclic.Groups.GetMomentum(0).Should().Be(momentum, "nothing was written");
        cyclic.Groups.GetLearningRate(0).Should().Be(lr);
    }

    [Fact]
    public void Groups_hold_non_negative_finite_values()
    {
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ParameterGroups(-0.1), "learningRates");
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new ParameterGroups(0.1, -0.9), "momentums");
        var groups = new ParameterGroups(0.1, 0.9);
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => groups.SetLearningRate(0, double.NaN), "value");
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => groups.SetLearningRate(0, -1), "value");
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => groups.SetInitialLearningRate(0, 1e101), "value");
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => groups.SetMomentum(0, double.PositiveInfinity), "value");

        // A scheduler takes its base learning rates from the groups: they must be in [0, 1e100].
        var big = new ParameterGroups(1e200);
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new StepLR(big, 3), "groups").Message.Should().Contain("[0, 1E+100]");
        big.GetInitialLearningRate(0).Should().BeNull("a rejected scheduler records nothing");
    }

    [Fact]
    public void A_scheduler_is_the_child_of_one_composite_once()
    {
        var g = new ParameterGroups(0.1);
        var exponential = new ExponentialLR(g, 0.9);
        TorchAssert.Rejects<ArgumentException>(() => new ChainedScheduler(g, [exponential, exponential]), "schedulers");
        _ = new ChainedScheduler(g, [exponential]);
        TorchAssert.Rejects<ArgumentException>(() => new SequentialLR(g, [exponential], []), "schedulers").Message.Should().Contain("already");
    }

    [Fact]
    public void A_one_cycle_child_ends_the_replay_like_a_top_level_one()
    {
        // Found by the spec property: the SequentialLR stepped its OneCycleLR child past total_steps, which throws.
        var schedule = ScheduleSpec.Parse("""{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.ExponentialLR","args":{"gamma":0.5}},{"type":"torch.OneCycleLR","args":{"max_lr":0.1,"total_steps":5,"cycle_momentum":false}}],"milestones":[3]}}""");
        var values = new double[20];
        schedule.Evaluate(0, values);
        // Milestone 3 restarts the OneCycleLR at its epoch 0; its epoch 4 = total_steps - 1 is schedule step 7, which holds.
        values.Should().OnlyContain(v => double.IsFinite(v) && v >= 0);
        values[8..].Should().AllSatisfy(v => v.Should().Be(values[7]));
        values[7].Should().NotBe(values[6]);
        TorchAssert.Rejects<ArgumentOutOfRangeException>(() => new OneCycleLR(WithInitial(0.1), [0.1], 5, lastEpoch: 5), "lastEpoch");
    }

    private static ParameterGroups WithInitial(double lr)
    {
        var groups = new ParameterGroups(lr);
        groups.SetInitialLearningRate(0, lr);
        return groups;
    }

    private static JsonElement Case(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "torch2.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }
}
