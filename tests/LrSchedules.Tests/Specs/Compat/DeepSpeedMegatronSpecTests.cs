using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.Cli;
using LrSchedules.Tests.TestSupport;
using Xunit;
using static LrSchedules.Tests.TestSupport.SpecRejection;

namespace LrSchedules.Tests.Specs.Compat;

/// <summary>
/// The argument contract of <c>deepspeed.*</c> and <c>megatron.*</c>: unknown, mistyped and out-of-range arguments are
/// rejected with a <see cref="ScheduleSpecException"/> naming the framework's own argument; the step conventions; the
/// momentum of <c>deepspeed.OneCycle</c>. (Parity with the frameworks' values: FrameworkParityTests over frameworks.json
/// and Golden/Own/deepspeed.json, megatron.json.)
/// </summary>
public sealed class DeepSpeedMegatronSpecTests
{
    /// <summary>Per type: a valid spec, an argument of the wrong JSON type and an out-of-range one (with its expected path).</summary>
    private static readonly Dictionary<string, (string Json, string WrongType, string WrongJson, string Bad, string BadJson)> Samples = new()
    {
        ["deepspeed.WarmupLR"] = ("""{"type":"deepspeed.WarmupLR","args":{"warmup_min_lr":0,"warmup_max_lr":0.001,"warmup_num_steps":100,"warmup_type":"log"}}""", "warmup_num_steps", "\"100\"", "warmup_type", "\"cosine\""),
        ["deepspeed.WarmupDecayLR"] = ("""{"type":"deepspeed.WarmupDecayLR","args":{"total_num_steps":500,"warmup_max_lr":0.001,"warmup_num_steps":50,"warmup_type":"linear"}}""", "total_num_steps", "true", "warmup_max_lr", "-0.001"),
        ["deepspeed.WarmupCosineLR"] = ("""{"type":"deepspeed.WarmupCosineLR","lr":0.002,"args":{"total_num_steps":600,"warmup_min_ratio":0.01,"warmup_num_steps":60,"cos_min_ratio":0.05,"warmup_type":"linear"}}""", "cos_min_ratio", "\"x\"", "warmup_min_ratio", "-1"),
        ["deepspeed.OneCycle"] = ("""{"type":"deepspeed.OneCycle","args":{"cycle_min_lr":0.0001,"cycle_max_lr":0.001,"cycle_first_step_size":30,"decay_lr_rate":0.1,"decay_step_size":20,"cycle_min_mom":0.85,"cycle_max_mom":0.95}}""", "cycle_momentum", "1", "decay_step_size", "-1"),
        ["deepspeed.LRRangeTest"] = ("""{"type":"deepspeed.LRRangeTest","args":{"lr_range_test_min_lr":0.0001,"lr_range_test_step_size":10,"lr_range_test_step_rate":0.5,"lr_range_test_staircase":false}}""", "lr_range_test_staircase", "\"no\"", "lr_range_test_step_size", "0"),
        ["megatron.OptimizerParamScheduler"] = ("""{"type":"megatron.OptimizerParamScheduler","args":{"init_lr":0.0,"max_lr":0.001,"min_lr":1e-05,"lr_warmup_steps":50,"lr_decay_steps":800,"lr_decay_style":"WSD","wsd_decay_steps":200,"lr_wsd_decay_style":"exponential"}}""", "lr_decay_steps", "\"800\"", "lr_wsd_decay_style", "\"square\""),
    };

    public static TheoryData<string> TypeNames => new(Samples.Keys);

    [Fact]
    public void Every_type_of_the_two_namespaces_has_a_sample()
        => Samples.Keys.Should().BeEquivalentTo(ScheduleSpec.Types.Select(t => t.Name).Where(n => n.StartsWith("deepspeed.", StringComparison.Ordinal) || n.StartsWith("megatron.", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void The_sample_is_valid_finite_and_its_span_matches(string type)
    {
        var schedule = ScheduleSpec.Parse(Samples[type].Json);
        foreach (long step in ScheduleChecks.SweepSteps())
        {
            double v = schedule.GetLearningRate(step);
            double.IsFinite(v).Should().BeTrue();
            v.Should().BeGreaterThanOrEqualTo(0);
        }

        ScheduleChecks.AssertEvaluateMatchesPointwise(schedule, 0, 1000);
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Unknown_arguments_and_top_level_fields_are_rejected(string type)
    {
        var spec = Node(type);
        Args(spec)["bogus_argument"] = 1;
        AssertRejected(spec, "$.args.bogus_argument", "unknown field");
        spec = Node(type);
        spec["bogus"] = 1;
        AssertRejected(spec, "$.bogus", "unknown field");
        spec = Node(type);
        Args(spec)["last_batch_iteration"] = -1;
        AssertRejected(spec, "$.args.last_batch_iteration", "unknown field");
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Wrong_types_and_bad_values_are_rejected_with_their_path(string type)
    {
        var sample = Samples[type];
        var spec = Node(type);
        Args(spec)[sample.WrongType] = JsonNode.Parse(sample.WrongJson);
        AssertRejected(spec, "$.args." + sample.WrongType, "must");
        spec = Node(type);
        Args(spec)[sample.Bad] = JsonNode.Parse(sample.BadJson);
        AssertRejected(spec, "$.args." + sample.Bad, null);
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Awkward_argument_values_parse_or_fail_with_a_spec_exception(string type)
    {
        string[] awkward = ["0", "-1", "1", "0.5", "1e-300", "1e300", "1.7976931348623157e308", "9223372036854775807", "-9223372036854775808", "4611686018427387904", "2305843009213693951"];
        var failures = new List<string>();
        var sample = Node(type);
        var names = Args(sample).Where(p => p.Value is JsonValue v && v.TryGetValue(out double _)).Select(p => p.Key).ToList();
        foreach (string name in names)
        {
            foreach (string value in awkward)
            {
                var spec = Node(type);
                Args(spec)[name] = JsonNode.Parse(value);
                string json = spec.ToJsonString();
                try
                {
                    var schedule = ScheduleSpec.Parse(json);
                    foreach (long step in ScheduleChecks.SweepSteps())
                    {
                        double v = schedule.GetLearningRate(step);
                        if (!double.IsFinite(v) || v < 0)
                        {
                            failures.Add(json + ": step " + step + " gives " + v);
                            break;
                        }
                    }
                }
                catch (ScheduleSpecException ex)
                {
                    if (!ex.Path.StartsWith("$.", StringComparison.Ordinal))
                    {
                        failures.Add(json + ": path " + ex.Path);
                    }
                }
                catch (Exception ex)
                {
                    failures.Add(json + ": " + ex.GetType().Name + ": " + ex.Message);
                }
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Warmup_lrs_may_be_lists_with_one_entry_per_parameter_group()
    {
        var spec = Node("deepspeed.WarmupLR");
        Args(spec)["warmup_max_lr"] = new JsonArray(0.001);
        ScheduleSpec.Parse(spec.ToJsonString()).Should().Be(ScheduleSpec.Parse(Samples["deepspeed.WarmupLR"].Json));

        // Two groups: a number is broadcast, lists must agree in length (DeepSpeed's _format_param).
        Args(spec)["warmup_max_lr"] = new JsonArray(0.001, 0.002);
        var grouped = ScheduleSpec.Parse(spec.ToJsonString()).Should().BeAssignableTo<IGroupedSchedule>().Subject;
        grouped.GroupCount.Should().Be(2);
        grouped.HasMomentum.Should().BeFalse();
        var values = new double[2 * 150];
        grouped.EvaluateGroups(0, 150, values, []);
        var one = ScheduleSpec.Parse(Samples["deepspeed.WarmupLR"].Json);
        Args(spec)["warmup_max_lr"] = 0.002;
        var two = ScheduleSpec.Parse(spec.ToJsonString());
        for (int k = 0; k < 150; k++)
        {
            values[2 * k].Should().Be(one.GetLearningRate(k));
            values[(2 * k) + 1].Should().Be(two.GetLearningRate(k));
        }

        Args(spec)["warmup_max_lr"] = new JsonArray(0.001, 0.002);
        ScheduleSpec.Parse(ScheduleSpec.ToJson(grouped)).Should().Be(grouped);
        var printed = Lrs.Run("eval", "--spec", spec.ToJsonString(), "--steps", "3", "--start", "100");
        printed.ExitCode.Should().Be(0, printed.Stderr);
        printed.Lines.Should().Equal("0.001,0.002", "0.001,0.002", "0.001,0.002");

        Args(spec)["warmup_min_lr"] = new JsonArray(0, 0, 0);
        AssertRejected(spec, "$.args.warmup_max_lr", "one entry per parameter group (3");
        Args(spec)["warmup_min_lr"] = new JsonArray(0.0001);
        AssertRejected(spec, "$.args.warmup_min_lr", "one entry per parameter group (2");
        Args(spec)["warmup_min_lr"] = new JsonArray();
        AssertRejected(spec, "$.args.warmup_min_lr", "at least one");
        Args(spec)["warmup_min_lr"] = 0;
        Args(spec)["warmup_max_lr"] = new JsonArray(-0.001);
        AssertRejected(spec, "$.args.warmup_max_lr[0]", "[0, +inf)");
    }

    [Fact]
    public void WarmupCosineLR_with_several_groups_keeps_the_other_groups_lr_at_step_0()
    {
        // DeepSpeed's constructor calls update_lr(param_groups, [0.0]): only group 0 gets 0.0.
        var spec = Node("deepspeed.WarmupCosineLR");
        spec["lr"] = new JsonArray(0.002, 0.004);
        var grouped = ScheduleSpec.Parse(spec.ToJsonString()).Should().BeAssignableTo<IGroupedSchedule>().Subject;
        var values = new double[2 * 700];
        grouped.EvaluateGroups(0, 700, values, []);
        values[0].Should().Be(0);
        values[1].Should().Be(0.004);
        var single = ScheduleSpec.Parse(Samples["deepspeed.WarmupCosineLR"].Json);
        for (int k = 1; k < 700; k++)
        {
            values[2 * k].Should().Be(single.GetLearningRate(k));
            Approx.Equal(values[(2 * k) + 1], 2 * single.GetLearningRate(k), rel: 1e-15);
        }
    }

    [Fact]
    public void LRRangeTest_takes_a_min_lr_per_group()
    {
        var spec = Node("deepspeed.LRRangeTest");
        Args(spec)["lr_range_test_min_lr"] = new JsonArray(0.0001, 0.001);
        var grouped = ScheduleSpec.Parse(spec.ToJsonString()).Should().BeAssignableTo<IGroupedSchedule>().Subject;
        var values = new double[2 * 30];
        grouped.EvaluateGroups(0, 30, values, []);
        values[(2 * 20) + 0].Should().Be(new RampSchedule(0.0001, 0.5, 10).GetLearningRate(20));
        values[(2 * 20) + 1].Should().Be(new RampSchedule(0.001, 0.5, 10).GetLearningRate(20));
    }

    [Fact]
    public void WarmupLR_reads_the_log_warmup_at_the_previous_iteration()
    {
        // DeepSpeed: lr = min + (max - min) * log(k) / log(W) after k >= 1 steps, min at construction, max from k = W on.
        var s = ScheduleSpec.Parse("""{"type":"deepspeed.WarmupLR","args":{"warmup_min_lr":0.0001,"warmup_max_lr":0.001,"warmup_num_steps":20}}""");
        s.GetLearningRate(0).Should().Be(0.0001);
        s.GetLearningRate(1).Should().Be(0.0001);
        for (long k = 2; k <= 40; k++)
        {
            Approx.Equal(s.GetLearningRate(k), k >= 20 ? 0.001 : 0.0001 + (0.0009 * Math.Log(k) / Math.Log(20)), rel: 1e-14, because: "at step " + k);
        }
    }

    [Fact]
    public void WarmupCosineLR_needs_total_num_steps_to_differ_from_the_warmup()
    {
        var spec = Node("deepspeed.WarmupCosineLR");
        Args(spec)["total_num_steps"] = 60;
        AssertRejected(spec, "$.args.total_num_steps", "max(2, warmup_num_steps) = 60");
        Args(spec)["warmup_num_steps"] = 1;
        Args(spec)["total_num_steps"] = 2;
        AssertRejected(spec, "$.args.total_num_steps", "= 2");
        spec = Node("deepspeed.WarmupCosineLR");
        spec["lr"] = new JsonArray(0.1, -0.2);
        AssertRejected(spec, "$.lr[1]", "[0, +inf)");
        spec.Remove("lr");
        AssertRejected(spec, "$.lr", "missing required field");
    }

    [Fact]
    public void OneCycle_cycles_momentum_only_with_cycle_momentum()
    {
        var withMomentum = ScheduleSpec.Parse(Samples["deepspeed.OneCycle"].Json);
        var grouped = withMomentum.Should().BeAssignableTo<IGroupedSchedule>().Subject;
        grouped.GroupCount.Should().Be(1);
        grouped.HasMomentum.Should().BeTrue();
        var lrs = new double[100];
        var momentums = new double[100];
        grouped.EvaluateGroups(0, 100, lrs, momentums);
        momentums[0].Should().Be(0.85, "the constructor sets betas[0] = cycle_min_mom");
        Approx.Equal(momentums[1], 0.95 - (0.1 / 30), rel: 1e-14);
        momentums[30].Should().Be(0.85);
        Approx.Equal(momentums[90], 0.95, rel: 1e-14);
        lrs.Should().Equal(Enumerable.Range(0, 100).Select(k => withMomentum.GetLearningRate(k)));

        // Written back as the deepspeed spec it was read from.
        ScheduleSpec.Parse(ScheduleSpec.ToJson(withMomentum)).Should().Be(withMomentum);
        withMomentum.ToString().Should().StartWith("deepspeed.OneCycle(");

        var spec = Node("deepspeed.OneCycle");
        Args(spec)["cycle_momentum"] = false;
        ScheduleSpec.Parse(spec.ToJsonString()).Should().NotBeAssignableTo<IGroupedSchedule>();
    }

    [Fact]
    public void Lrs_eval_prints_the_OneCycle_momentum_and_rejects_momentum_without_cycling()
    {
        var result = Lrs.Run("eval", "--spec", Samples["deepspeed.OneCycle"].Json, "--steps", "3", "--momentum");
        result.ExitCode.Should().Be(0, result.Stderr);
        result.Lines[0].Should().Be("0.85");
        var spec = Node("deepspeed.OneCycle");
        Args(spec)["cycle_momentum"] = false;
        var rejected = Lrs.Run("eval", "--spec", spec.ToJsonString(), "--steps", "3", "--momentum");
        rejected.ExitCode.Should().Be(2);
        rejected.Stderr.Should().Contain("--momentum");
    }

    [Fact]
    public void Lrs_eval_rejects_a_bad_argument_with_exit_2_and_one_line()
    {
        var result = Lrs.Run("eval", "--spec", """{"type":"megatron.OptimizerParamScheduler","args":{"max_lr":0.001,"lr_decay_steps":100,"lr_warmup_steps":100}}""", "--steps", "3");
        result.ExitCode.Should().Be(2);
        result.Stderr.TrimEnd('\n').Should().NotContain("\n").And.Contain("$.args.lr_warmup_steps");
    }

    [Fact]
    public void Megatron_asserts_are_checked_with_the_argument_named()
    {
        static JsonObject Spec(string args) => JsonNode.Parse("""{"type":"megatron.OptimizerParamScheduler","args":""" + args + "}")!.AsObject();
        AssertRejected(Spec("""{"max_lr":0.001,"min_lr":0.01,"lr_decay_steps":100}"""), "$.args.max_lr", "at least min_lr");
        AssertRejected(Spec("""{"init_lr":0.01,"max_lr":0.001,"lr_decay_steps":100}"""), "$.args.init_lr", "at most max_lr");
        AssertRejected(Spec("""{"max_lr":0.001,"lr_decay_steps":0}"""), "$.args.lr_decay_steps", null);
        AssertRejected(Spec("""{"max_lr":0.001,"lr_decay_steps":100,"lr_warmup_steps":100}"""), "$.args.lr_warmup_steps", "less than lr_decay_steps");
        AssertRejected(Spec("""{"max_lr":0.001,"lr_decay_steps":100,"lr_decay_style":"WSD"}"""), "$.args.wsd_decay_steps", "WSD");
        AssertRejected(Spec("""{"max_lr":0.001,"lr_decay_steps":100,"lr_decay_style":"WSD","wsd_decay_steps":-1}"""), "$.args.wsd_decay_steps", null);
        AssertRejected(Spec("""{"max_lr":0.001,"lr_decay_steps":100,"lr_decay_style":"square"}"""), "$.args.lr_decay_style", "\"inverse-square-root\"");
        AssertRejected(Spec("""{"max_lr":0.001,"lr_decay_steps":100,"start_wd":0.1,"end_wd":0.01,"wd_incr_style":"linear"}"""), "$.args.end_wd", "at least start_wd");
        AssertRejected(Spec("""{"max_lr":0.001,"lr_decay_steps":100,"start_wd":0.1,"end_wd":0.2}"""), "$.args.end_wd", "constant");
        AssertRejected(Spec("""{"max_lr":0.001,"lr_decay_steps":100,"override_opt_param_scheduler":true}"""), "$.args.override_opt_param_scheduler", "use-checkpoint");

        // Weight decay is accepted and does not change the learning rate.
        var plain = ScheduleSpec.Parse(Spec("""{"max_lr":0.001,"lr_decay_steps":100,"lr_decay_style":"cosine"}""").ToJsonString());
        var withWd = ScheduleSpec.Parse(Spec("""{"max_lr":0.001,"lr_decay_steps":100,"lr_decay_style":"cosine","start_wd":0.01,"end_wd":0.1,"wd_incr_steps":100,"wd_incr_style":"cosine","use_checkpoint_opt_param_scheduler":false,"override_opt_param_scheduler":true}""").ToJsonString());
        withWd.Should().Be(plain);
    }

    [Fact]
    public void Megatron_wsd_exponential_is_the_native_shifted_exponential_anneal()
    {
        var s = ScheduleSpec.Parse(Samples["megatron.OptimizerParamScheduler"].Json);
        var native = new SequenceSchedule(
            new SchedulePhase(new LinearSchedule(0, 0.001, 50), 51),
            new SchedulePhase(new HoldSchedule(new AnnealSchedule(0.001, 1e-5, 200, DecayShape.ShiftedExponential), 549)));
        s.Should().Be(native);
        for (long k = 0; k <= 900; k++)
        {
            double megatron = k <= 50 ? 0.001 * k / 50 : k <= 600 ? 0.001 : k > 800 ? 1e-5 : 1e-5 + (((2.0 * Math.Pow(0.5, (k - 600) / 200.0)) - 1.0) * (0.001 - 1e-5));
            Approx.Equal(s.GetLearningRate(k), megatron, rel: 1e-13, abs: 1e-18, because: "at step " + k);
        }
    }

    [Fact]
    public void Megatron_inverse_square_root_floors_at_min_lr_until_the_decay_ends()
    {
        var s = ScheduleSpec.Parse("""{"type":"megatron.OptimizerParamScheduler","args":{"max_lr":0.001,"min_lr":0.0004,"lr_warmup_steps":20,"lr_decay_steps":300,"lr_decay_style":"inverse-square-root"}}""");
        for (long k = 21; k <= 400; k++)
        {
            double megatron = k > 300 ? 0.0004 : Math.Max(0.0004, 0.001 * Math.Sqrt(20) / Math.Sqrt(k));
            Approx.Equal(s.GetLearningRate(k), megatron, rel: 1e-14, because: "at step " + k);
        }
    }

    private static JsonObject Node(string type) => JsonNode.Parse(Samples[type].Json)!.AsObject();
}
