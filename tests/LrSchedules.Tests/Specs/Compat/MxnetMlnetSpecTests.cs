using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Specs.Compat;

/// <summary>
/// The argument contract of the <c>mxnet.*</c> and <c>mlnet.*</c> spec types: unknown, missing, mistyped and out-of-range
/// arguments are rejected with a <see cref="ScheduleSpecException"/> naming the framework's own argument, plus the
/// cross-argument rules each framework enforces (or would crash on).
/// </summary>
public sealed class MxnetMlnetSpecTests
{
    private static readonly string[] Namespaces = ["mxnet.", "mlnet."];

    /// <summary>Per type: a valid spec, a required argument, a wrongly typed argument and an out-of-range one.</summary>
    private static readonly Dictionary<string, (string Json, string Required, (string Name, string Json) WrongType, (string Name, string Json) OutOfRange)> Samples = new()
    {
        ["mxnet.FactorScheduler"] = ("""{"type":"mxnet.FactorScheduler","args":{"step":100,"factor":0.5,"stop_factor_lr":0.0001,"base_lr":0.01,"warmup_steps":30,"warmup_begin_lr":0.001,"warmup_mode":"linear"}}""", "step", ("factor", "\"0.5\""), ("factor", "1.5")),
        ["mxnet.MultiFactorScheduler"] = ("""{"type":"mxnet.MultiFactorScheduler","args":{"step":[30,80],"factor":0.3,"base_lr":0.2,"warmup_steps":20,"warmup_mode":"constant"}}""", "step", ("step", "30"), ("factor", "-0.5")),
        ["mxnet.PolyScheduler"] = ("""{"type":"mxnet.PolyScheduler","args":{"max_update":250,"base_lr":0.1,"pwr":1.5,"final_lr":0.001,"warmup_steps":50}}""", "max_update", ("pwr", "\"2\""), ("pwr", "0")),
        ["mxnet.CosineScheduler"] = ("""{"type":"mxnet.CosineScheduler","args":{"max_update":200,"base_lr":0.3,"final_lr":0.01,"warmup_steps":50}}""", "max_update", ("final_lr", "[0.1]"), ("max_update", "0")),
        ["mlnet.ExponentialLRDecay"] = ("""{"type":"mlnet.ExponentialLRDecay","args":{"learningRate":0.01,"numEpochsPerDecay":2.0,"decayRate":0.94,"staircase":true,"BatchSize":10,"BatchesPerEpoch":25}}""", "BatchesPerEpoch", ("staircase", "1"), ("decayRate", "1.5")),
        ["mlnet.PolynomialLRDecay"] = ("""{"type":"mlnet.PolynomialLRDecay","args":{"learningRate":0.1,"numEpochsPerDecay":1.0,"endLearningRate":0.01,"power":1.0,"cycle":true,"BatchSize":10,"BatchesPerEpoch":100}}""", "BatchSize", ("cycle", "\"yes\""), ("power", "-1")),
        ["mlnet.LsrDecay"] = ("""{"type":"mlnet.LsrDecay","args":{"baseLearningRate":0.4,"lrschedule":[{"epoch":20,"scalingfactor":0.05},{"epoch":0,"scalingfactor":1.0}],"BatchSize":200,"BatchesPerEpoch":10}}""", "BatchSize", ("lrschedule", "{}"), ("baseLearningRate", "-0.1")),
    };

    public static TheoryData<string> TypeNames => new(Samples.Keys);

    [Fact]
    public void Every_type_of_these_namespaces_has_a_sample()
        => Samples.Keys.Should().BeEquivalentTo(ScheduleSpec.Types.Select(t => t.Name).Where(n => Namespaces.Any(ns => n.StartsWith(ns, StringComparison.Ordinal))));

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void The_sample_is_valid_everywhere(string type)
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
    public void Unknown_missing_mistyped_and_out_of_range_arguments_name_their_path(string type)
    {
        var sample = Samples[type];
        var spec = Node(type);
        Args(spec)["bogus_argument"] = 1;
        Rejected(spec, "$.args.bogus_argument", "unknown field");

        spec = Node(type);
        spec["lr"] = 0.1;
        Rejected(spec, "$.lr", "unknown field");

        spec = Node(type);
        Args(spec).Remove(sample.Required).Should().BeTrue();
        Rejected(spec, "$.args." + sample.Required, "missing");

        spec = Node(type);
        Args(spec)[sample.WrongType.Name] = JsonNode.Parse(sample.WrongType.Json);
        Rejected(spec, "$.args." + sample.WrongType.Name, "must");

        spec = Node(type);
        Args(spec)[sample.OutOfRange.Name] = JsonNode.Parse(sample.OutOfRange.Json);
        Rejected(spec, "$.args." + sample.OutOfRange.Name, null);
    }

    /// <summary>Every numeric argument of every sample set to awkward values: a valid schedule or a spec exception naming a field.</summary>
    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Awkward_argument_values_parse_or_fail_with_a_spec_exception(string type)
    {
        string[] awkward = ["0", "-1", "1", "0.5", "1e-46", "1e-300", "3.4028234e38", "3.5e38", "1e300", "1.7976931348623157e308", "2147483647", "2147483648", "9223372036854775807", "-9223372036854775808", "2305843009213693951"];
        var names = Args(Node(type)).Where(p => p.Value is JsonValue v && v.TryGetValue(out double _)).Select(p => p.Key).ToList();
        names.Should().NotBeEmpty();
        var failures = new List<string>();
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
                    var span = new double[64];
                    schedule.Evaluate(0, span);
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
                catch (ScheduleSpecException ex) when (ex.Path.StartsWith("$.args.", StringComparison.Ordinal))
                {
                }
                catch (Exception ex)
                {
                    failures.Add(json + ": " + ex.GetType().Name + ": " + ex.Message);
                }
            }
        }

        failures.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"type":"mxnet.FactorScheduler","args":{"step":10,"base_lr":0.01,"warmup_begin_lr":0.1,"warmup_steps":5}}""", "$.args.warmup_begin_lr", "must not exceed base_lr")]
    [InlineData("""{"type":"mxnet.FactorScheduler","args":{"step":10,"warmup_mode":"cosine"}}""", "$.args.warmup_mode", "linear")]
    [InlineData("""{"type":"mxnet.FactorScheduler","args":{"step":0}}""", "$.args.step", "[1, ")]
    [InlineData("""{"type":"mxnet.FactorScheduler","args":{"step":10,"warmup_steps":-1}}""", "$.args.warmup_steps", "[0, ")]
    [InlineData("""{"type":"mxnet.MultiFactorScheduler","args":{"step":[10,10]}}""", "$.args.step[1]", "increasing")]
    [InlineData("""{"type":"mxnet.MultiFactorScheduler","args":{"step":[]}}""", "$.args.step", "at least one")]
    [InlineData("""{"type":"mxnet.PolyScheduler","args":{"max_update":50,"warmup_steps":50}}""", "$.args.max_update", "ZeroDivisionError")]
    [InlineData("""{"type":"mxnet.CosineScheduler","args":{"max_update":50,"warmup_steps":50}}""", "$.args.max_update", "ZeroDivisionError")]
    [InlineData("""{"type":"mlnet.ExponentialLRDecay","args":{"numEpochsPerDecay":0.01,"BatchSize":10,"BatchesPerEpoch":25}}""", "$.args.numEpochsPerDecay", "decay step count")]
    [InlineData("""{"type":"mlnet.PolynomialLRDecay","args":{"BatchSize":100000,"BatchesPerEpoch":100000}}""", "$.args.BatchesPerEpoch", "samples per epoch")]
    [InlineData("""{"type":"mlnet.PolynomialLRDecay","args":{"learningRate":1e39,"BatchSize":10,"BatchesPerEpoch":10}}""", "$.args.learningRate", "3.4028234663852886E+38")]
    [InlineData("""{"type":"mlnet.LsrDecay","args":{"lrschedule":[{"epoch":3}],"BatchSize":10,"BatchesPerEpoch":10}}""", "$.args.lrschedule[0].scalingfactor", "missing")]
    [InlineData("""{"type":"mlnet.LsrDecay","args":{"lrschedule":[{"epoch":3,"scalingfactor":0.5,"Epoch":4}],"BatchSize":10,"BatchesPerEpoch":10}}""", "$.args.lrschedule[0].Epoch", "unknown field")]
    [InlineData("""{"type":"mlnet.LsrDecay","args":{"lrschedule":[{"epoch":3,"scalingfactor":3e38}],"baseLearningRate":3e38,"BatchSize":1,"BatchesPerEpoch":10}}""", "$.args.lrschedule", "finite float")]
    [InlineData("""{"type":"mlnet.LsrDecay","args":{"baseLearningRate":3e38,"BatchSize":128,"BatchesPerEpoch":10}}""", "$.args.baseLearningRate", "finite float")]
    [InlineData("""{"type":"mxnet.MultiFactorScheduler","args":{"step":[0, 10]}}""", "$.args.step[0]", "[1, ")]
    public void Framework_rules_are_enforced(string json, string path, string message)
    {
        var act = () => ScheduleSpec.Parse(json);
        act.Should().Throw<ScheduleSpecException>().Where(ex => ex.Path == path).WithMessage("*" + message + "*");
    }

    [Fact]
    public void Mxnet_counts_the_update_before_asking_the_scheduler()
    {
        // num_update = k + 1: the linear warmup's first value is already one step in, and the decay starts at k = warmup_steps - 1.
        var s = ScheduleSpec.Parse("""{"type":"mxnet.FactorScheduler","args":{"step":10,"factor":0.5,"base_lr":0.4,"warmup_steps":4,"warmup_begin_lr":0.0}}""");
        s.GetLearningRate(0).Should().Be(0.1);
        s.GetLearningRate(2).Should().BeApproximately(0.3, 1e-16);
        s.GetLearningRate(3).Should().Be(0.4);
        s.GetLearningRate(9).Should().Be(0.4);
        s.GetLearningRate(10).Should().Be(0.2);

        // PolyScheduler without warmup: the first value is already one update into the decay.
        var poly = ScheduleSpec.Parse("""{"type":"mxnet.PolyScheduler","args":{"max_update":4,"base_lr":1.0,"pwr":1}}""");
        poly.GetLearningRate(0).Should().Be(0.75);
        poly.GetLearningRate(3).Should().Be(0);
        poly.GetLearningRate(long.MaxValue).Should().Be(0);
    }

    [Fact]
    public void Mxnet_factor_floor_holds_forever_once_reached()
    {
        var s = ScheduleSpec.Parse("""{"type":"mxnet.FactorScheduler","args":{"step":3,"factor":0.1,"stop_factor_lr":0.00005,"base_lr":0.1}}""");
        s.GetLearningRate(8).Should().BeApproximately(0.001, 1e-18);
        s.GetLearningRate(9).Should().BeApproximately(0.0001, 1e-19);
        s.GetLearningRate(12).Should().Be(0.00005);
        foreach (long step in ScheduleChecks.FarSteps)
        {
            s.GetLearningRate(step).Should().Be(0.00005);
        }
    }

    [Fact]
    public void Mlnet_arguments_are_read_as_float_literals()
    {
        var s = (ExponentialSchedule)ScheduleSpec.Parse("""{"type":"mlnet.ExponentialLRDecay","args":{"learningRate":0.01,"BatchSize":10,"BatchesPerEpoch":25}}""");
        s.InitialValue.Should().Be((double)0.01f);
        s.DecayRate.Should().Be((double)0.94f);
        s.TransitionSteps.Should().Be(50);
        s.Staircase.Should().BeTrue();
        s.Arithmetic.Should().Be(Arithmetic.SinglePrecision);
    }

    [Fact]
    public void Mlnet_lsr_decay_scales_by_batch_size_and_takes_the_first_matching_entry()
    {
        // Default lrschedule: x1 from epoch 0, x0.1 from 91, x0.01 from 136, x0.0001 from 182; BatchSize 256 doubles the base.
        var s = ScheduleSpec.Parse("""{"type":"mlnet.LsrDecay","args":{"BatchSize":256,"BatchesPerEpoch":3}}""");
        float initial = 0.1f * 256 / 128;
        s.GetLearningRate(0).Should().Be(initial);
        s.GetLearningRate((91 * 3) - 1).Should().Be(initial);
        s.GetLearningRate(91 * 3).Should().Be(initial * 0.1f);
        s.GetLearningRate(136 * 3).Should().Be(initial * 0.01f);
        s.GetLearningRate(long.MaxValue).Should().Be(initial * 0.0001f);

        // ML.NET scans the list in order: an entry for epoch 0 first matches every epoch.
        var firstWins = ScheduleSpec.Parse("""{"type":"mlnet.LsrDecay","args":{"baseLearningRate":0.3,"lrschedule":[{"epoch":0,"scalingfactor":1.0},{"epoch":5,"scalingfactor":0.1}],"BatchSize":128,"BatchesPerEpoch":4}}""");
        firstWins.GetLearningRate(100).Should().Be(0.3f);
        var empty = ScheduleSpec.Parse("""{"type":"mlnet.LsrDecay","args":{"baseLearningRate":0.3,"lrschedule":[],"BatchSize":64,"BatchesPerEpoch":4}}""");
        empty.GetLearningRate(1000).Should().Be(0.3f * 64 / 128);
    }

    [Fact]
    public void Fields_are_described_with_their_defaults()
    {
        var fields = ScheduleSpec.GetFields("mxnet.FactorScheduler").Select(f => f.Name).ToList();
        fields.Should().ContainInOrder("args.step", "args.factor", "args.stop_factor_lr", "args.base_lr", "args.warmup_steps", "args.warmup_begin_lr", "args.warmup_mode");
        ScheduleSpec.GetFields("mlnet.PolynomialLRDecay").Select(f => f.Name).Should()
            .Contain(["args.learningRate", "args.numEpochsPerDecay", "args.endLearningRate", "args.power", "args.cycle", "args.BatchSize", "args.BatchesPerEpoch"]);
        ScheduleSpec.GetFields("exponential").Single(f => f.Name == "arithmetic").Allowed.Should().Contain("float32");
    }

    private static JsonObject Node(string type) => JsonNode.Parse(Samples[type].Json)!.AsObject();

    private static JsonObject Args(JsonObject spec) => spec["args"]!.AsObject();

    private static void Rejected(JsonObject spec, string path, string? message)
    {
        var act = () => ScheduleSpec.Parse(spec.ToJsonString());
        var ex = act.Should().Throw<ScheduleSpecException>().Which;
        ex.Path.Should().Be(path, spec.ToJsonString());
        if (message is not null)
        {
            ex.Message.Should().Contain(message);
        }
    }
}
