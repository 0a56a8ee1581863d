using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;
using static LrSchedules.Tests.TestSupport.SpecRejection;

namespace LrSchedules.Tests.Specs.Compat;

/// <summary>
/// The argument contract of every compat spec type (hf, timm, optax, keras, reference): unknown, missing, mistyped and
/// out-of-range arguments are rejected with a <see cref="ScheduleSpecException"/> whose path names the peer's own argument.
/// </summary>
public sealed class CompatSpecTests
{
    /// <summary>The namespaces this file covers (torch.* has its own tests).</summary>
    private static readonly string[] Namespaces = ["hf.", "timm.", "optax.", "keras.", "reference."];

    /// <summary>
    /// Per type: a valid spec, one required argument, an argument given a value of the wrong JSON type, and an argument given
    /// an out-of-range value (with the path expected for it).
    /// </summary>
    private static readonly Dictionary<string, Sample> Samples = new Sample[]
    {
        new("hf.get_constant_schedule", """{"type":"hf.get_constant_schedule","lr":0.1}""", "lr", ("lr", "\"0.1\""), ("lr", "-0.1")),
        new("hf.get_constant_schedule_with_warmup", """{"type":"hf.get_constant_schedule_with_warmup","lr":0.1,"args":{"num_warmup_steps":10}}""", "num_warmup_steps", ("num_warmup_steps", "\"10\""), ("num_warmup_steps", "-1")),
        new("hf.get_linear_schedule_with_warmup", """{"type":"hf.get_linear_schedule_with_warmup","lr":0.1,"args":{"num_warmup_steps":10,"num_training_steps":100}}""", "num_training_steps", ("num_warmup_steps", "1.5"), ("num_training_steps", "-5")),
        new("hf.get_cosine_schedule_with_warmup", """{"type":"hf.get_cosine_schedule_with_warmup","lr":0.1,"args":{"num_warmup_steps":10,"num_training_steps":100,"num_cycles":0.5}}""", "num_training_steps", ("num_cycles", "\"half\""), ("num_cycles", "0")),
        new("hf.get_cosine_with_hard_restarts_schedule_with_warmup", """{"type":"hf.get_cosine_with_hard_restarts_schedule_with_warmup","lr":0.1,"args":{"num_warmup_steps":10,"num_training_steps":100,"num_cycles":3}}""", "num_warmup_steps", ("num_cycles", "true"), ("num_cycles", "-1")),
        new("hf.get_polynomial_decay_schedule_with_warmup", """{"type":"hf.get_polynomial_decay_schedule_with_warmup","lr":0.1,"args":{"num_warmup_steps":10,"num_training_steps":100,"lr_end":1e-7,"power":1.0}}""", "num_training_steps", ("power", "\"2\""), ("lr_end", "0.5")),
        new("hf.get_inverse_sqrt_schedule", """{"type":"hf.get_inverse_sqrt_schedule","lr":0.1,"args":{"num_warmup_steps":10}}""", "num_warmup_steps", ("timescale", "\"x\""), ("timescale", "0")),
        new("hf.get_cosine_with_min_lr_schedule_with_warmup", """{"type":"hf.get_cosine_with_min_lr_schedule_with_warmup","lr":0.01,"args":{"num_warmup_steps":10,"num_training_steps":100,"min_lr":0.001}}""", "num_training_steps", ("min_lr", "\"x\""), ("min_lr", "0.5")),
        new("hf.get_cosine_with_min_lr_schedule_with_warmup_lr_rate", """{"type":"hf.get_cosine_with_min_lr_schedule_with_warmup_lr_rate","lr":0.1,"args":{"num_warmup_steps":10,"num_training_steps":100,"min_lr_rate":0.1}}""", "num_warmup_steps", ("min_lr_rate", "[0.1]"), ("min_lr_rate", "1.5")),
        new("hf.get_wsd_schedule", """{"type":"hf.get_wsd_schedule","lr":0.1,"args":{"num_warmup_steps":10,"num_decay_steps":20,"num_training_steps":100,"warmup_type":"linear","decay_type":"cosine"}}""", "num_decay_steps", ("warmup_type", "5"), ("min_lr_ratio", "2")),
        new("timm.CosineLRScheduler", """{"type":"timm.CosineLRScheduler","lr":0.1,"args":{"t_initial":50,"lr_min":0.0001,"warmup_t":5,"warmup_lr_init":1e-05,"warmup_prefix":false}}""", "t_initial", ("warmup_prefix", "\"yes\""), ("cycle_decay", "2")),
        new("timm.TanhLRScheduler", """{"type":"timm.TanhLRScheduler","lr":0.1,"args":{"t_initial":50}}""", "t_initial", ("lb", "\"x\""), ("lb", "3")),
        new("timm.PolyLRScheduler", """{"type":"timm.PolyLRScheduler","lr":0.1,"args":{"t_initial":50}}""", "t_initial", ("power", "\"x\""), ("power", "0")),
        new("timm.StepLRScheduler", """{"type":"timm.StepLRScheduler","lr":0.1,"args":{"decay_t":10,"decay_rate":0.5}}""", "decay_t", ("decay_rate", "\"x\""), ("decay_rate", "2")),
        new("timm.MultiStepLRScheduler", """{"type":"timm.MultiStepLRScheduler","lr":0.1,"args":{"decay_t":[10,25,40],"decay_rate":0.1}}""", "decay_t", ("decay_t", "5"), ("decay_rate", "-1")),
        new("timm.PlateauLRScheduler", """{"type":"timm.PlateauLRScheduler","lr":0.1,"args":{"decay_rate":0.5,"patience_t":2,"cooldown_t":1,"lr_min":0.001,"mode":"min"},"metrics":[1.0,0.9,0.9,0.9]}""", "lr", ("patience_t", "\"x\""), ("decay_rate", "1")),
        new("optax.constant_schedule", """{"type":"optax.constant_schedule","args":{"value":0.3}}""", "value", ("value", "\"x\""), ("value", "-1")),
        new("optax.linear_schedule", """{"type":"optax.linear_schedule","args":{"init_value":0.1,"end_value":0.001,"transition_steps":50}}""", "init_value", ("transition_steps", "\"x\""), ("end_value", "-1")),
        new("optax.polynomial_schedule", """{"type":"optax.polynomial_schedule","args":{"init_value":1.0,"end_value":0.01,"power":2,"transition_steps":100}}""", "power", ("power", "\"2\""), ("power", "0")),
        new("optax.cosine_decay_schedule", """{"type":"optax.cosine_decay_schedule","args":{"init_value":0.1,"decay_steps":50}}""", "decay_steps", ("alpha", "\"x\""), ("alpha", "2")),
        new("optax.warmup_cosine_decay_schedule", """{"type":"optax.warmup_cosine_decay_schedule","args":{"init_value":0.0,"peak_value":0.1,"warmup_steps":10,"decay_steps":100,"end_value":0.001}}""", "peak_value", ("warmup_steps", "{}"), ("decay_steps", "10")),
        new("optax.exponential_decay", """{"type":"optax.exponential_decay","args":{"init_value":0.1,"transition_steps":10,"decay_rate":0.5}}""", "decay_rate", ("staircase", "1"), ("decay_rate", "-1")),
        new("optax.piecewise_constant_schedule", """{"type":"optax.piecewise_constant_schedule","args":{"init_value":0.1,"boundaries_and_scales":{"10":0.5,"25":0.2,"40":0.1}}}""", "init_value", ("boundaries_and_scales", "[10, 0.5]"), ("boundaries_and_scales", """{"10":-0.5}""", "boundaries_and_scales.10")),
        new("optax.piecewise_interpolate_schedule", """{"type":"optax.piecewise_interpolate_schedule","args":{"interpolate_type":"linear","init_value":0.1,"boundaries_and_scales":{"10":0.5,"30":0.1,"35":4.0}}}""", "interpolate_type", ("interpolate_type", "3"), ("interpolate_type", "\"cubic\"")),
        new("optax.sgdr_schedule", """{"type":"optax.sgdr_schedule","args":{"cosine_kwargs":[{"init_value":0.0,"peak_value":0.1,"warmup_steps":5,"decay_steps":30,"end_value":0.001},{"init_value":0.001,"peak_value":0.05,"warmup_steps":5,"decay_steps":40}]}}""", "cosine_kwargs", ("cosine_kwargs", "{}"), ("cosine_kwargs", "[]")),
        new("optax.join_schedules", """{"type":"optax.join_schedules","args":{"schedules":[{"type":"optax.linear_schedule","args":{"init_value":0.0,"end_value":0.1,"transition_steps":10}},{"type":"optax.cosine_decay_schedule","args":{"init_value":0.1,"decay_steps":40,"alpha":0.05}}],"boundaries":[10]}}""", "boundaries", ("boundaries", "\"10\""), ("boundaries", "[10, 20]")),
        new("optax.cosine_onecycle_schedule", """{"type":"optax.cosine_onecycle_schedule","args":{"transition_steps":100,"peak_value":0.1}}""", "transition_steps", ("pct_start", "\"x\""), ("pct_start", "2")),
        new("optax.linear_onecycle_schedule", """{"type":"optax.linear_onecycle_schedule","args":{"transition_steps":100,"peak_value":0.1}}""", "peak_value", ("pct_final", "\"x\""), ("pct_final", "-1")),
        new("optax.warmup_constant_schedule", """{"type":"optax.warmup_constant_schedule","args":{"init_value":0.0,"peak_value":0.1,"warmup_steps":10}}""", "warmup_steps", ("peak_value", "\"x\""), ("peak_value", "-1")),
        new("optax.warmup_exponential_decay_schedule", """{"type":"optax.warmup_exponential_decay_schedule","args":{"init_value":0.0,"peak_value":0.1,"warmup_steps":10,"transition_steps":10,"decay_rate":0.5}}""", "decay_rate", ("warmup_steps", "\"x\""), ("warmup_steps", "-1")),
        new("keras.ExponentialDecay", """{"type":"keras.ExponentialDecay","args":{"initial_learning_rate":0.1,"decay_steps":10,"decay_rate":0.5}}""", "decay_rate", ("staircase", "\"x\""), ("decay_rate", "0")),
        new("keras.PiecewiseConstantDecay", """{"type":"keras.PiecewiseConstantDecay","args":{"boundaries":[10,25],"values":[0.1,0.05,0.01]}}""", "values", ("boundaries", "\"x\""), ("values", "[0.1, 0.05]")),
        new("keras.PolynomialDecay", """{"type":"keras.PolynomialDecay","args":{"initial_learning_rate":0.1,"decay_steps":50}}""", "decay_steps", ("cycle", "0"), ("power", "0")),
        new("keras.InverseTimeDecay", """{"type":"keras.InverseTimeDecay","args":{"initial_learning_rate":0.1,"decay_steps":10,"decay_rate":0.5}}""", "decay_rate", ("decay_steps", "\"x\""), ("decay_rate", "-1")),
        new("keras.CosineDecay", """{"type":"keras.CosineDecay","args":{"initial_learning_rate":0.1,"decay_steps":50}}""", "decay_steps", ("name", "5"), ("alpha", "2")),
        new("keras.CosineDecayRestarts", """{"type":"keras.CosineDecayRestarts","args":{"initial_learning_rate":0.1,"first_decay_steps":10}}""", "first_decay_steps", ("t_mul", "\"x\""), ("m_mul", "2")),
        new("reference.infinite_lr", """{"type":"reference.infinite_lr","args":{"total_iterations":400,"current_task":0,"decay_style":"cosine_cooldown_infinite","timescale":10,"warmup_ratio":0.05,"cooldown_ratio":0.15,"constant_ratio":0.8,"start_lr":0.001,"constant_lr":0.0001,"min_lr":1e-05}}""", "total_iterations", ("decay_style", "1"), ("total_iterations", "1")),
    }.ToDictionary(s => s.Type, StringComparer.Ordinal);

    public static TheoryData<string> TypeNames => new(Samples.Keys);

    public static TheoryData<string> LrTypeNames => new(Samples.Keys.Where(t => t.StartsWith("hf.", StringComparison.Ordinal) || t.StartsWith("timm.", StringComparison.Ordinal)));

    public static TheoryData<string> ArgsOnlyTypeNames => new(Samples.Keys.Where(t => !t.StartsWith("hf.", StringComparison.Ordinal) && !t.StartsWith("timm.", StringComparison.Ordinal)));

    [Fact]
    public void Every_compat_type_of_these_namespaces_has_a_sample()
    {
        var compat = ScheduleSpec.Types.Select(t => t.Name).Where(n => Namespaces.Any(ns => n.StartsWith(ns, StringComparison.Ordinal)));
        Samples.Keys.Should().BeEquivalentTo(compat);
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void The_sample_is_valid(string type)
    {
        var schedule = ScheduleSpec.Parse(Samples[type].Json);
        foreach (long step in ScheduleChecks.SweepSteps())
        {
            double v = schedule.GetLearningRate(step);
            double.IsFinite(v).Should().BeTrue();
            v.Should().BeGreaterThanOrEqualTo(0);
        }
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void An_unknown_argument_is_rejected_with_its_path(string type)
    {
        var spec = Node(type);
        Args(spec)["bogus_argument"] = 1;
        AssertRejected(spec, "$.args.bogus_argument", "unknown field");
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void An_unknown_top_level_field_is_rejected(string type)
    {
        var spec = Node(type);
        spec["bogus"] = 1;
        AssertRejected(spec, "$.bogus", "unknown field");
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void A_missing_required_argument_is_rejected_with_its_path(string type)
    {
        var sample = Samples[type];
        var spec = Node(type);
        if (sample.Required == "lr")
        {
            spec.Remove("lr");
            AssertRejected(spec, "$.lr", "missing required field");
            return;
        }

        Args(spec).Remove(sample.Required).Should().BeTrue("the sample gives {0}", sample.Required);
        AssertRejected(spec, "$.args." + sample.Required, "missing");
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void An_argument_of_the_wrong_type_is_rejected_with_its_path(string type)
    {
        var sample = Samples[type];
        var spec = Node(type);
        Set(spec, sample.WrongType.Name, sample.WrongType.Json);
        AssertRejected(spec, Path(sample.WrongType.Name), "must");
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void An_argument_out_of_range_is_rejected_with_its_path(string type)
    {
        var sample = Samples[type];
        var spec = Node(type);
        Set(spec, sample.OutOfRange.Name, sample.OutOfRange.Json);
        AssertRejected(spec, Path(sample.OutOfRange.ExpectedPath ?? sample.OutOfRange.Name), null);
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Args_that_are_not_an_object_are_rejected(string type)
    {
        var spec = Node(type);
        spec["args"] = new JsonArray(1, 2);
        AssertRejected(spec, "$.args", "must be a JSON object");
    }

    [Theory]
    [MemberData(nameof(LrTypeNames))]
    public void Lr_may_be_a_one_element_list(string type)
    {
        var spec = Node(type);
        double lr = spec["lr"]!.GetValue<double>();
        spec["lr"] = new JsonArray(lr);
        var fromList = ScheduleSpec.Parse(spec.ToJsonString());
        fromList.Should().Be(ScheduleSpec.Parse(Samples[type].Json));
    }

    [Theory]
    [MemberData(nameof(LrTypeNames))]
    public void Lr_with_two_entries_is_rejected(string type)
    {
        var spec = Node(type);
        spec["lr"] = new JsonArray(0.1, 0.2);
        AssertRejected(spec, "$.lr", "one-element list");
        spec["lr"] = new JsonArray();
        AssertRejected(spec, "$.lr", "one-element list");
    }

    [Theory]
    [MemberData(nameof(LrTypeNames))]
    public void Lr_must_be_a_non_negative_number(string type)
    {
        var spec = Node(type);
        spec["lr"] = -0.1;
        AssertRejected(spec, "$.lr", "[0, +inf)");
        spec["lr"] = new JsonArray(-0.1);
        AssertRejected(spec, "$.lr", "[0, +inf)");
        spec["lr"] = "0.1";
        AssertRejected(spec, "$.lr", "must be a number");
        spec["lr"] = new JsonArray("0.1");
        AssertRejected(spec, "$.lr[0]", "must be a number");
        spec.Remove("lr");
        AssertRejected(spec, "$.lr", "missing required field");
    }

    [Theory]
    [MemberData(nameof(ArgsOnlyTypeNames))]
    public void Types_without_lr_reject_one(string type)
    {
        var spec = Node(type);
        spec["lr"] = 0.1;
        AssertRejected(spec, "$.lr", "unknown field");
    }

    /// <summary>
    /// Every numeric argument of every sample, set to awkward values: the spec either parses into a schedule whose values
    /// are finite and non-negative, or is rejected with a <see cref="ScheduleSpecException"/> that names a field, never
    /// with another exception.
    /// </summary>
    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Awkward_argument_values_parse_or_fail_with_a_spec_exception(string type)
    {
        string[] awkward = ["0", "-1", "1", "0.5", "1e-300", "1e300", "1.7976931348623157e308", "9223372036854775807", "-9223372036854775808", "4611686018427387904", "2305843009213693951"];
        var names = new List<string>();
        var sample = Node(type);
        if (sample["lr"] is not null)
        {
            names.Add("lr");
        }

        if (sample["args"] is JsonObject args)
        {
            names.AddRange(args.Where(p => p.Value is JsonValue v && v.TryGetValue(out double _)).Select(p => "args." + p.Key));
        }

        var failures = new List<string>();
        foreach (string name in names)
        {
            foreach (string value in awkward)
            {
                var spec = Node(type);
                Set(spec, name.StartsWith("args.", StringComparison.Ordinal) ? name[5..] : name, value);
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

    // ---- Specific conventions ----

    [Theory]
    [InlineData("hf.get_cosine_with_min_lr_schedule_with_warmup")]
    [InlineData("hf.get_cosine_with_min_lr_schedule_with_warmup_lr_rate")]
    public void Hf_min_lr_and_min_lr_rate_are_exclusive_and_one_is_required(string type)
    {
        var both = Node(type);
        Args(both)["min_lr"] = 0.001;
        Args(both)["min_lr_rate"] = 0.1;
        AssertRejected(both, "$.args.min_lr_rate", "only one of min_lr or min_lr_rate");

        var neither = Node(type);
        Args(neither).Remove("min_lr");
        Args(neither).Remove("min_lr_rate");
        AssertRejected(neither, "$.args.min_lr", "one of min_lr or min_lr_rate must be set");

        var byRate = Node(type);
        Args(byRate).Remove("min_lr");
        Args(byRate)["min_lr_rate"] = 0.1;
        var byValue = Node(type);
        Args(byValue).Remove("min_lr_rate");
        Args(byValue)["min_lr"] = 0.1 * byValue["lr"]!.GetValue<double>();
        var rate = ScheduleSpec.Parse(byRate.ToJsonString());
        var value = ScheduleSpec.Parse(byValue.ToJsonString());
        for (long step = 0; step < 150; step++)
        {
            Approx.Equal(value.GetLearningRate(step), rate.GetLearningRate(step), rel: 1e-15, because: "min_lr = 0.1 * lr is min_lr_rate 0.1 (step " + step + ")");
        }
    }

    [Fact]
    public void Hf_min_lr_needs_a_positive_lr()
    {
        var spec = Node("hf.get_cosine_with_min_lr_schedule_with_warmup");
        spec["lr"] = 0;
        Args(spec)["min_lr"] = 0;
        AssertRejected(spec, "$.args.min_lr", "lr > 0");
    }

    [Fact]
    public void Hf_warmup_lr_rate_must_be_a_rate()
    {
        var spec = Node("hf.get_cosine_with_min_lr_schedule_with_warmup_lr_rate");
        Args(spec)["warmup_lr_rate"] = 1.5;
        AssertRejected(spec, "$.args.warmup_lr_rate", "[0, 1]");
    }

    [Fact]
    public void Hf_wsd_needs_num_training_steps_or_num_stable_steps()
    {
        var neither = Node("hf.get_wsd_schedule");
        Args(neither).Remove("num_training_steps");
        AssertRejected(neither, "$.args.num_training_steps", "either num_training_steps or num_stable_steps");

        var stable = Node("hf.get_wsd_schedule");
        Args(stable).Remove("num_training_steps");
        Args(stable)["num_stable_steps"] = 70;
        ScheduleSpec.Parse(stable.ToJsonString()).Should().Be(ScheduleSpec.Parse(Samples["hf.get_wsd_schedule"].Json), "70 stable steps are what 100 - 10 - 20 leaves");

        var tooShort = Node("hf.get_wsd_schedule");
        Args(tooShort)["num_training_steps"] = 29;
        AssertRejected(tooShort, "$.args.num_training_steps", "stable phase of 0 or more steps");

        var negative = Node("hf.get_wsd_schedule");
        Args(negative)["num_stable_steps"] = -1;
        AssertRejected(negative, "$.args.num_stable_steps", "stable phase of 0 or more steps");

        var badDecay = Node("hf.get_wsd_schedule");
        Args(badDecay)["decay_type"] = "square";
        AssertRejected(badDecay, "$.args.decay_type", "\"1-sqrt\"");
    }

    [Fact]
    public void Hf_polynomial_decay_follows_hfs_checks()
    {
        var end = Node("hf.get_polynomial_decay_schedule_with_warmup");
        Args(end)["lr_end"] = 0.1;
        AssertRejected(end, "$.args.lr_end", "smaller than lr");

        var steps = Node("hf.get_polynomial_decay_schedule_with_warmup");
        Args(steps)["num_training_steps"] = 10;
        AssertRejected(steps, "$.args.num_training_steps", "greater than num_warmup_steps");
    }

    [Theory]
    [InlineData("timm.CosineLRScheduler")]
    [InlineData("timm.TanhLRScheduler")]
    [InlineData("timm.PolyLRScheduler")]
    [InlineData("timm.StepLRScheduler")]
    [InlineData("timm.MultiStepLRScheduler")]
    [InlineData("timm.PlateauLRScheduler")]
    public void Timm_noise_is_rejected(string type)
    {
        var spec = Node(type);
        Args(spec)["noise_range_t"] = new JsonArray(10, 20);
        AssertRejected(spec, "$.args.noise_range_t", "noise is not supported");

        var settings = Node(type);
        Args(settings)["noise_pct"] = 0.5;
        Args(settings)["noise_std"] = 2.0;
        Args(settings)["noise_seed"] = 7;
        Args(settings)["noise_type"] = "normal";
        ScheduleSpec.Parse(settings.ToJsonString()).Should().Be(ScheduleSpec.Parse(Samples[type].Json), "noise settings without noise_range_t change nothing");
    }

    [Theory]
    [InlineData("timm.TanhLRScheduler", "ub", "-8", "$.args.lb")]
    [InlineData("timm.TanhLRScheduler", "lb", "4", "$.args.lb")]
    [InlineData("timm.PlateauLRScheduler", "decay_rate", "1.5", "$.args.decay_rate")]
    [InlineData("timm.PlateauLRScheduler", "patience_t", "-1", "$.args.patience_t")]
    [InlineData("timm.PlateauLRScheduler", "cooldown_t", "-1", "$.args.cooldown_t")]
    [InlineData("timm.PlateauLRScheduler", "lr_min", "-1", "$.args.lr_min")]
    [InlineData("timm.PlateauLRScheduler", "threshold", "-1", "$.args.threshold")]
    [InlineData("timm.PlateauLRScheduler", "mode", "\"median\"", "$.args.mode")]
    [InlineData("timm.MultiStepLRScheduler", "decay_t", "[25, 10]", "$.args.decay_t")]
    [InlineData("timm.CosineLRScheduler", "t_initial", "0", "$.args.t_initial")]
    [InlineData("timm.CosineLRScheduler", "cycle_mul", "0.5", "$.args.cycle_mul")]
    [InlineData("timm.CosineLRScheduler", "k_decay", "0", "$.args.k_decay")]
    [InlineData("timm.CosineLRScheduler", "warmup_t", "-1", "$.args.warmup_t")]
    [InlineData("timm.CosineLRScheduler", "cycle_limit", "-1", "$.args.cycle_limit")]
    public void Timm_errors_name_timms_argument(string type, string name, string value, string path)
    {
        var spec = Node(type);
        Set(spec, name, value);
        AssertRejected(spec, path, null);
    }

    [Fact]
    public void Timm_plateau_metrics_come_from_the_spec_the_args_or_outside()
    {
        const string WithoutMetrics = """{"type":"timm.PlateauLRScheduler","lr":0.1,"args":{"decay_rate":0.5,"patience_t":2,"cooldown_t":1,"lr_min":0.001,"mode":"min"}}""";
        AssertRejected(JsonNode.Parse(WithoutMetrics)!.AsObject(), "$.args.metrics", "metric");
        var outside = ScheduleSpec.Parse(WithoutMetrics, [1.0, 0.9, 0.9, 0.9]);
        outside.Should().Be(ScheduleSpec.Parse(Samples["timm.PlateauLRScheduler"].Json));
        var inArgs = JsonNode.Parse(WithoutMetrics)!.AsObject();
        Args(inArgs)["metrics"] = new JsonArray(1.0, 0.9, 0.9, 0.9);
        ScheduleSpec.Parse(inArgs.ToJsonString()).Should().Be(outside);
    }

    [Fact]
    public void Optax_join_schedules_needs_one_boundary_fewer_than_schedules()
    {
        var tooMany = Node("optax.join_schedules");
        Args(tooMany)["boundaries"] = new JsonArray(10, 20);
        AssertRejected(tooMany, "$.args.boundaries", "one entry fewer than schedules");

        var none = Node("optax.join_schedules");
        Args(none)["boundaries"] = new JsonArray();
        AssertRejected(none, "$.args.boundaries", "one entry fewer than schedules");

        var decreasing = Node("optax.join_schedules");
        var schedules = Args(decreasing)["schedules"]!.AsArray();
        schedules.Add(schedules[1]!.DeepClone());
        Args(decreasing)["boundaries"] = new JsonArray(20, 10);
        AssertRejected(decreasing, "$.args.boundaries[1]", "non-decreasing");

        var negative = Node("optax.join_schedules");
        Args(negative)["boundaries"] = new JsonArray(-1);
        AssertRejected(negative, "$.args.boundaries[0]", ">= 0");

        var child = Node("optax.join_schedules");
        Args(child)["schedules"]![1]!["args"]!["bogus"] = 1;
        AssertRejected(child, "$.args.schedules[1].args.bogus", "unknown field");

        var childType = Node("optax.join_schedules");
        Args(childType)["schedules"]![0]!["type"] = "optax.nope";
        AssertRejected(childType, "$.args.schedules[0].type", "unknown schedule type");
    }

    [Fact]
    public void Optax_join_schedules_with_a_repeated_boundary_skips_the_empty_phase()
    {
        var spec = Node("optax.join_schedules");
        var schedules = Args(spec)["schedules"]!.AsArray();
        schedules.Insert(1, JsonNode.Parse("""{"type":"optax.constant_schedule","args":{"value":7}}"""));
        Args(spec)["boundaries"] = new JsonArray(10, 10);
        ScheduleSpec.Parse(spec.ToJsonString()).Should().Be(ScheduleSpec.Parse(Samples["optax.join_schedules"].Json));
    }

    [Fact]
    public void Optax_sgdr_errors_point_into_cosine_kwargs()
    {
        var unknown = Node("optax.sgdr_schedule");
        Args(unknown)["cosine_kwargs"]![1]!["bogus"] = 1;
        AssertRejected(unknown, "$.args.cosine_kwargs[1].bogus", "unknown field");

        var order = Node("optax.sgdr_schedule");
        Args(order)["cosine_kwargs"]![0]!["decay_steps"] = 5;
        AssertRejected(order, "$.args.cosine_kwargs[0].decay_steps", "greater than warmup_steps");
    }

    [Fact]
    public void Optax_boundaries_and_scales_keys_must_be_steps()
    {
        var spec = Node("optax.piecewise_constant_schedule");
        Args(spec)["boundaries_and_scales"] = JsonNode.Parse("""{"ten":0.5}""");
        AssertRejected(spec, "$.args.boundaries_and_scales.ten", "integer steps");

        var interpolate = Node("optax.piecewise_interpolate_schedule");
        Args(interpolate).Remove("interpolate_type");
        AssertRejected(interpolate, "$.args.interpolate_type", "missing required field");
    }

    [Fact]
    public void Keras_name_is_accepted_and_ignored()
    {
        foreach (string type in Samples.Keys.Where(t => t.StartsWith("keras.", StringComparison.Ordinal)))
        {
            var spec = Node(type);
            Args(spec)["name"] = "my_schedule";
            ScheduleSpec.Parse(spec.ToJsonString()).Should().Be(ScheduleSpec.Parse(Samples[type].Json));
        }
    }

    [Theory]
    [InlineData("warmup_ratio", "0", "$.args.cooldown_ratio")]
    [InlineData("cooldown_ratio", "0.9", "$.args.cooldown_ratio")]
    [InlineData("constant_ratio", "1", "$.args.cooldown_ratio")]
    [InlineData("decay_style", "\"exponential\"", "$.args.decay_style")]
    [InlineData("min_lr", "0", "$.args.min_lr")]
    [InlineData("constant_lr", "0", "$.args.constant_lr")]
    [InlineData("current_task", "-1", "$.args.current_task")]
    [InlineData("timescale", "0", "$.args.timescale")]
    public void Reference_infinite_lr_errors_name_its_argument(string name, string value, string path)
    {
        var spec = Node("reference.infinite_lr");
        Set(spec, name, value);
        AssertRejected(spec, path, null);
    }

    [Theory]
    [InlineData("constant_ratio", "1", "$.args.constant_ratio")]
    [InlineData("constant_ratio", "0.001", "$.args.constant_ratio")]
    [InlineData("min_lr", "0", "$.args.min_lr")]
    [InlineData("constant_lr", "0", "$.args.constant_lr")]
    public void Reference_infinite_lr_later_task_errors_name_its_argument(string name, string value, string path)
    {
        var spec = Node("reference.infinite_lr");
        Args(spec)["current_task"] = 1;
        Set(spec, name, value);
        AssertRejected(spec, path, null);
    }

    private static JsonObject Node(string type) => JsonNode.Parse(Samples[type].Json)!.AsObject();

    private static void Set(JsonObject spec, string name, string json)
    {
        if (name == "lr")
        {
            spec["lr"] = JsonNode.Parse(json);
        }
        else
        {
            Args(spec)[name] = JsonNode.Parse(json);
        }
    }

    private static string Path(string name) => name == "lr" ? "$.lr" : "$.args." + name;

    private sealed record Sample(string Type, string Json, string Required, (string Name, string Json) WrongType, (string Name, string Json, string? ExpectedPath) OutOfRange)
    {
        public Sample(string type, string json, string required, (string Name, string Json) wrongType, (string Name, string Json) outOfRange)
            : this(type, json, required, wrongType, (outOfRange.Name, outOfRange.Json, null))
        {
        }
    }
}
