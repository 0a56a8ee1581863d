using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;
using static LrSchedules.Tests.TestSupport.SpecRejection;

namespace LrSchedules.Tests.Specs.Compat;

/// <summary>
/// The argument contract of the <c>nemo.*</c> and <c>fairseq.*</c> spec types: unknown, missing, mistyped and
/// out-of-range arguments are rejected with a <see cref="ScheduleSpecException"/> whose path names the framework's own
/// argument; the framework's cross-field rules (its asserts and divisions by zero) are rejected where it would fail.
/// </summary>
public sealed class NemoFairseqSpecTests
{
    private static readonly string[] Namespaces = ["nemo.", "fairseq."];

    /// <summary>Per type: a valid spec, a required argument, an argument of the wrong JSON type, one out of range.</summary>
    private static readonly Dictionary<string, Sample> Samples = new Sample[]
    {
        new("nemo.WarmupPolicy", """{"type":"nemo.WarmupPolicy","lr":0.01,"args":{"warmup_steps":10,"max_steps":100,"min_lr":0.001}}""", "lr", ("warmup_steps", "\"10\""), ("warmup_steps", "-1")),
        new("nemo.WarmupHoldPolicy", """{"type":"nemo.WarmupHoldPolicy","lr":0.01,"args":{"warmup_steps":10,"hold_steps":20,"max_steps":100}}""", "lr", ("hold_steps", "1.5"), ("hold_ratio", "2")),
        new("nemo.SquareAnnealing", """{"type":"nemo.SquareAnnealing","lr":0.01,"args":{"warmup_steps":10,"max_steps":100}}""", "max_steps", ("min_lr", "\"x\""), ("min_lr", "-1")),
        new("nemo.SquareRootAnnealing", """{"type":"nemo.SquareRootAnnealing","lr":0.01,"args":{"max_steps":100}}""", "max_steps", ("max_steps", "\"100\""), ("max_steps", "-5")),
        new("nemo.CosineAnnealing", """{"type":"nemo.CosineAnnealing","lr":0.01,"args":{"warmup_steps":10,"constant_steps":20,"max_steps":100,"min_lr":0.0001}}""", "max_steps", ("constant_steps", "[20]"), ("constant_ratio", "1.5")),
        new("nemo.NoamAnnealing", """{"type":"nemo.NoamAnnealing","lr":1.0,"args":{"d_model":512,"warmup_steps":100,"min_lr":0.0001}}""", "d_model", ("d_model", "\"512\""), ("d_model", "0")),
        new("nemo.NoamHoldAnnealing", """{"type":"nemo.NoamHoldAnnealing","lr":0.01,"args":{"warmup_steps":10,"hold_steps":20,"max_steps":100,"decay_rate":1.0}}""", "max_steps", ("decay_rate", "\"x\""), ("decay_rate", "-1")),
        new("nemo.WarmupAnnealing", """{"type":"nemo.WarmupAnnealing","lr":0.01,"args":{"warmup_ratio":0.1,"max_steps":100}}""", "max_steps", ("warmup_ratio", "\"x\""), ("warmup_ratio", "-0.5")),
        new("nemo.InverseSquareRootAnnealing", """{"type":"nemo.InverseSquareRootAnnealing","lr":0.01,"args":{"warmup_steps":10,"max_steps":100}}""", "max_steps", ("warmup_steps", "true"), ("max_steps", "-1")),
        new("nemo.T5InverseSquareRootAnnealing", """{"type":"nemo.T5InverseSquareRootAnnealing","lr":0.01,"args":{"constant_steps":10,"max_steps":100}}""", "constant_steps", ("constant_steps", "\"10\""), ("constant_steps", "0")),
        new("nemo.PolynomialDecayAnnealing", """{"type":"nemo.PolynomialDecayAnnealing","lr":0.01,"args":{"warmup_steps":10,"max_steps":100,"power":2.0,"cycle":false}}""", "max_steps", ("cycle", "1"), ("power", "0")),
        new("nemo.PolynomialHoldDecayAnnealing", """{"type":"nemo.PolynomialHoldDecayAnnealing","lr":0.01,"args":{"warmup_steps":10,"hold_steps":20,"max_steps":100,"power":2.0,"cycle":true}}""", "max_steps", ("cycle", "\"yes\""), ("power", "-2")),
        new("nemo.WarmupHoldAnnealOneMinusSquareRoot", """{"type":"nemo.WarmupHoldAnnealOneMinusSquareRoot","lr":0.01,"args":{"warmup_steps":10,"hold_steps":20,"max_steps":100}}""", "max_steps", ("hold_steps", "\"20\""), ("hold_steps", "-20")),
        new("nemo.WarmupHoldAnnealLinear", """{"type":"nemo.WarmupHoldAnnealLinear","lr":0.01,"args":{"warmup_steps":10,"hold_steps":20,"max_steps":100,"min_lr":0.001}}""", "max_steps", ("min_lr", "[0.001]"), ("min_lr", "-0.001")),
        new("fairseq.fixed", """{"type":"fairseq.fixed","lr":[0.1],"args":{"force_anneal":1,"lr_shrink":0.5,"warmup_updates":10}}""", "lr", ("force_anneal", "\"1\""), ("lr_shrink", "2")),
        new("fairseq.inverse_sqrt", """{"type":"fairseq.inverse_sqrt","lr":0.0005,"args":{"warmup_updates":400,"warmup_init_lr":1e-07}}""", "lr", ("warmup_updates", "\"400\""), ("warmup_updates", "0")),
        new("fairseq.polynomial_decay", """{"type":"fairseq.polynomial_decay","lr":0.01,"args":{"warmup_updates":10,"total_num_update":100,"end_learning_rate":1e-05,"power":2.0}}""", "total_num_update", ("power", "\"2\""), ("end_learning_rate", "-1")),
        new("fairseq.tri_stage", """{"type":"fairseq.tri_stage","lr":0.001,"args":{"warmup_steps":10,"hold_steps":20,"decay_steps":30,"init_lr_scale":0.01,"final_lr_scale":0.05}}""", "lr", ("phase_ratio", "0.5"), ("final_lr_scale", "0")),
        new("fairseq.cosine", """{"type":"fairseq.cosine","lr":0.01,"args":{"warmup_updates":10,"min_lr":1e-05,"lr_period_updates":50,"t_mult":2.0,"lr_shrink":0.5}}""", "lr_period_updates", ("t_mult", "\"2\""), ("t_mult", "0.5")),
        new("fairseq.step", """{"type":"fairseq.step","lr":0.01,"args":{"warmup_updates":10,"lr_deacy_period":30,"lr_decay":0.5,"min_lr":0.0001}}""", "lr", ("lr_deacy_period", "\"30\""), ("lr_deacy_period", "0")),
        new("fairseq.triangular", """{"type":"fairseq.triangular","lr":0.001,"args":{"max_lr":0.01,"lr_period_updates":50,"lr_shrink":0.5,"shrink_min":true}}""", "max_lr", ("shrink_min", "1"), ("lr_period_updates", "1")),
    }.ToDictionary(s => s.Type, StringComparer.Ordinal);

    public static TheoryData<string> TypeNames => new(Samples.Keys);

    [Fact]
    public void Every_type_of_these_namespaces_has_a_sample()
    {
        var compat = ScheduleSpec.Types.Select(t => t.Name).Where(n => Namespaces.Any(ns => n.StartsWith(ns, StringComparison.Ordinal)));
        Samples.Keys.Should().BeEquivalentTo(compat);
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void The_sample_is_valid_and_described(string type)
    {
        var schedule = ScheduleSpec.Parse(Samples[type].Json);
        foreach (long step in ScheduleChecks.SweepSteps(10, 30, 100))
        {
            double v = schedule.GetLearningRate(step);
            double.IsFinite(v).Should().BeTrue();
            v.Should().BeGreaterThanOrEqualTo(0);
        }

        ScheduleChecks.AssertEvaluateMatchesAround(schedule, 10, 30, 100);
        ScheduleSpec.GetFields(type).Should().NotBeEmpty();
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
        Args(spec)[sample.WrongType.Name] = JsonNode.Parse(sample.WrongType.Json);
        AssertRejected(spec, "$.args." + sample.WrongType.Name, "must");
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void An_argument_out_of_range_is_rejected_with_its_path(string type)
    {
        var sample = Samples[type];
        var spec = Node(type);
        Args(spec)[sample.OutOfRange.Name] = JsonNode.Parse(sample.OutOfRange.Json);
        AssertRejected(spec, "$.args." + sample.OutOfRange.Name, null);
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Lr_may_be_a_one_element_list_but_not_two(string type)
    {
        var spec = Node(type);
        double lr = spec["lr"] is JsonArray a ? a[0]!.GetValue<double>() : spec["lr"]!.GetValue<double>();
        spec["lr"] = new JsonArray(lr);
        var fromList = ScheduleSpec.Parse(spec.ToJsonString());
        spec["lr"] = lr;
        fromList.Should().Be(ScheduleSpec.Parse(spec.ToJsonString()));
        spec["lr"] = new JsonArray(0.1, 0.2);
        AssertRejected(spec, "$.lr", "one-element list");
        spec["lr"] = -0.1;
        AssertRejected(spec, "$.lr", "[0, +inf)");
    }

    /// <summary>Every numeric argument set to awkward values: a valid schedule or a <see cref="ScheduleSpecException"/>, never another exception.</summary>
    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Awkward_argument_values_parse_or_fail_with_a_spec_exception(string type)
    {
        string[] awkward = ["0", "-1", "1", "0.5", "2", "1e-300", "1e300", "1.7976931348623157e308", "9223372036854775807", "-9223372036854775808", "2305843009213693951"];
        var names = new List<string> { "lr" };
        names.AddRange(Node(type)["args"]!.AsObject().Where(p => p.Value is JsonValue v && v.TryGetValue(out double _)).Select(p => p.Key));
        var failures = new List<string>();
        foreach (string name in names)
        {
            foreach (string value in awkward)
            {
                var spec = Node(type);
                if (name == "lr")
                {
                    spec["lr"] = JsonNode.Parse(value);
                }
                else
                {
                    Args(spec)[name] = JsonNode.Parse(value);
                }

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
#pragma warning disable CA1031 // Any other exception is the failure being looked for.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failures.Add(json + ": " + ex.GetType().Name + ": " + ex.Message);
                }
            }
        }

        failures.Should().BeEmpty();
    }

    // ---- The frameworks' cross-field rules ----

    [Theory]
    [InlineData("""{"type":"nemo.WarmupPolicy","lr":0.1,"args":{"warmup_steps":10,"warmup_ratio":0.1,"max_steps":100}}""", "$.args.warmup_ratio", "only one of warmup_steps or warmup_ratio")]
    [InlineData("""{"type":"nemo.WarmupPolicy","lr":0.1,"args":{"warmup_ratio":0.1}}""", "$.args.max_steps", "warmup_ratio")]
    [InlineData("""{"type":"nemo.WarmupHoldPolicy","lr":0.1,"args":{"hold_steps":10,"hold_ratio":0.1,"max_steps":100}}""", "$.args.hold_ratio", "only one of")]
    [InlineData("""{"type":"nemo.CosineAnnealing","lr":0.001,"args":{"max_steps":100,"min_lr":0.01}}""", "$.args.min_lr", "ValueError")]
    [InlineData("""{"type":"nemo.CosineAnnealing","lr":0.01,"args":{"max_steps":100,"min_lr":0.01,"constant_steps":10}}""", "$.args.min_lr", "max_lr > min_lr")]
    [InlineData("""{"type":"nemo.NoamAnnealing","lr":0.001,"args":{"d_model":64,"min_lr":0.01}}""", "$.args.min_lr", "ValueError")]
    [InlineData("""{"type":"nemo.NoamHoldAnnealing","lr":0.01,"args":{"max_steps":100}}""", "$.args.warmup_steps", "without warmup")]
    [InlineData("""{"type":"nemo.NoamHoldAnnealing","lr":0.01,"args":{"warmup_steps":5,"max_steps":100,"decay_rate":0.7}}""", "$.args.decay_rate", "0.5")]
    [InlineData("""{"type":"nemo.T5InverseSquareRootAnnealing","lr":0.01,"args":{"constant_ratio":0.1,"max_steps":100}}""", "$.args.constant_ratio", "not supported")]
    [InlineData("""{"type":"nemo.SquareRootAnnealing","lr":0.01,"args":{"max_steps":0}}""", "$.args.max_steps", "divides by zero")]
    [InlineData("""{"type":"nemo.WarmupPolicy","lr":0.01,"args":{"last_epoch":5}}""", "$.args.last_epoch", "-1")]
    [InlineData("""{"type":"fairseq.tri_stage","lr":0.01,"args":{"phase_ratio":[0.5,0.6,0.1],"max_update":100}}""", "$.args.phase_ratio", "add up to 1")]
    [InlineData("""{"type":"fairseq.tri_stage","lr":0.01,"args":{"phase_ratio":[0.5,0.5],"max_update":100}}""", "$.args.phase_ratio", "three numbers")]
    [InlineData("""{"type":"fairseq.tri_stage","lr":0.01,"args":{"phase_ratio":[0.1,0.4,0.5]}}""", "$.args.max_update", "max_update > 0")]
    [InlineData("""{"type":"fairseq.tri_stage","lr":0.01,"args":{"warmup_steps":10,"hold_steps":10}}""", "$.args.decay_steps", "divides by decay_steps")]
    [InlineData("""{"type":"fairseq.cosine","lr":0.01,"args":{}}""", "$.args.lr_period_updates", "max_update")]
    [InlineData("""{"type":"fairseq.cosine","lr":0.01,"args":{"warmup_updates":100,"max_update":100}}""", "$.args.max_update", "exceed warmup_updates")]
    [InlineData("""{"type":"fairseq.step","lr":0.01,"args":{"min_lr":0.01}}""", "$.args.min_lr", "max_lr > min_lr")]
    [InlineData("""{"type":"fairseq.triangular","lr":0.01,"args":{"max_lr":0.01}}""", "$.args.max_lr", "max_lr > lr")]
    [InlineData("""{"type":"fairseq.polynomial_decay","lr":0.01,"args":{}}""", "$.args.total_num_update", "max_update")]
    [InlineData("""{"type":"fairseq.polynomial_decay","lr":0.01,"args":{"max_update":10.5}}""", "$.args.max_update", "integer")]
    [InlineData("""{"type":"fairseq.cosine","lr":0.01,"args":{"lr_period_updates":10,"max_lr":0.1}}""", "$.args.max_lr", "unknown field")]
    [InlineData("""{"type":"fairseq.fixed","lr":0.01,"args":{"force_anneal":-1}}""", "$.args.force_anneal", "[0,")]
    public void A_framework_rule_is_rejected_naming_the_field(string json, string path, string reason)
    {
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().Throw<ScheduleSpecException>().Which;
        ex.Path.Should().Be(path, ex.Message);
        ex.Message.Should().Contain(reason);
    }

    [Fact]
    public void Ratio_forms_equal_the_step_forms_they_truncate_to()
    {
        // int(0.15 * 210) = 31, int(0.25 * 210) = 52.
        ScheduleSpec.Parse("""{"type":"nemo.WarmupHoldPolicy","lr":0.1,"args":{"warmup_ratio":0.15,"hold_ratio":0.25,"max_steps":210}}""")
            .Should().Be(ScheduleSpec.Parse("""{"type":"nemo.WarmupHoldPolicy","lr":0.1,"args":{"warmup_steps":31,"hold_steps":52,"max_steps":210}}"""));
        ScheduleSpec.Parse("""{"type":"fairseq.tri_stage","lr":0.1,"args":{"phase_ratio":[0.1,0.4,0.5],"max_update":333}}""")
            .Should().Be(ScheduleSpec.Parse("""{"type":"fairseq.tri_stage","lr":0.1,"args":{"warmup_steps":33,"hold_steps":133,"decay_steps":166}}"""));
    }

    [Fact]
    public void Nemo_warmup_is_k_plus_1_over_W_plus_1()
    {
        var s = ScheduleSpec.Parse("""{"type":"nemo.WarmupPolicy","lr":1.0,"args":{"warmup_steps":4}}""");
        Enumerable.Range(0, 6).Select(k => s.GetLearningRate(k)).Should().Equal(0.2, 0.4, 0.6, 0.8, 1.0, 1.0);
    }

    private static JsonObject Node(string type) => JsonNode.Parse(Samples[type].Json)!.AsObject();

    private sealed record Sample(string Type, string Json, string Required, (string Name, string Json) WrongType, (string Name, string Json) OutOfRange);
}
