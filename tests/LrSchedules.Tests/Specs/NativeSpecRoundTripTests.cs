using FluentAssertions;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Specs;

public class NativeSpecRoundTripTests
{
    private static readonly long[] ProbeSteps = [0, 1, 2, 5, 9, 10, 11, 49, 50, 99, 100, 101, 1000, 1L << 31, 1L << 53, (1L << 53) + 1, long.MaxValue / 2, long.MaxValue];

    private static readonly Dictionary<string, ILearningRateSchedule> Samples = new(StringComparer.Ordinal)
    {
        ["constant"] = new ConstantSchedule(0.1),
        ["constant awkward double"] = new ConstantSchedule(0.1 + 0.2),
        ["constant subnormal"] = new ConstantSchedule(5e-324),
        ["constant max"] = new ConstantSchedule(double.MaxValue),
        ["constant negative zero"] = new ConstantSchedule(-0.0),
        ["linear"] = new LinearSchedule(0.1, 1e-5, 1000, 20),
        ["linear huge ints"] = new LinearSchedule(1, 0, long.MaxValue, (1L << 53) + 1),
        ["cosine defaults"] = new CosineSchedule(0.1, 100),
        ["cosine all fields"] = new CosineSchedule(0.34, 37, 0.088, 1.5, 2.25, true),
        ["exponential without end"] = new ExponentialSchedule(0.1, 0.96, 10, 3, true),
        ["exponential with floor"] = new ExponentialSchedule(0.1, 0.5, 10, 0, false, 1e-3),
        ["exponential with cap"] = new ExponentialSchedule(1e-3, 1.1, 4, 2, false, 0.01),
        ["step"] = new StepSchedule(0.1, 30, 0.5),
        ["multi_step"] = new MultiStepSchedule(0.1, [30, 60, 60, 90], 0.1),
        ["multi_step empty"] = new MultiStepSchedule(0.1, [], 0.1),
        ["piecewise_constant switch_at"] = new PiecewiseConstantSchedule([10, 20], [1.0, 0.5, 0.25]),
        ["piecewise_constant switch_after"] = new PiecewiseConstantSchedule([0, long.MaxValue], [1.0, 0.5, 0.25], BoundaryMode.SwitchAfter),
        ["piecewise_interpolation linear"] = new PiecewiseInterpolationSchedule([-1, 10, 100], [0.0, 1.0, 0.01]),
        ["piecewise_interpolation cosine"] = new PiecewiseInterpolationSchedule([long.MinValue, -1, 50], [0.5, 1.0, 0.01], Interpolation.Cosine),
        ["polynomial"] = new PolynomialSchedule(1, 0.1, 100, 2, 5),
        ["polynomial cycle"] = new PolynomialSchedule(0.5, 0.05, 16, 0.5, 7, true),
        ["inverse_time"] = new InverseTimeSchedule(0.1, 0.5, 10, true),
        ["inverse_sqrt default shift"] = new InverseSqrtSchedule(0.1, 100),
        ["inverse_sqrt shift"] = new InverseSqrtSchedule(0.1, 100.5, 36.25),
        ["warmup linear"] = new WarmupSchedule(new CosineSchedule(0.1, 100, 1e-3), 10),
        ["warmup cosine"] = new WarmupSchedule(new CosineSchedule(0.1, 100, 1e-3), 10, 0.01, WarmupShape.Cosine),
        ["warmup exponential"] = new WarmupSchedule(new InverseSqrtSchedule(0.1, 100), 50, 1e-4, WarmupShape.Exponential),
        ["warmup zero steps"] = new WarmupSchedule(new ConstantSchedule(0.1), 0),
        ["sequence"] = new SequenceSchedule(
            new SchedulePhase(new LinearSchedule(0, 1, 10), 10),
            new SchedulePhase(new CosineSchedule(1, 90, 0.01), 90),
            new SchedulePhase(new ConstantSchedule(0.01))),
        ["sequence single phase"] = new SequenceSchedule(new SchedulePhase(new StepSchedule(1, 3, 0.5))),
        ["hold"] = new HoldSchedule(new ExponentialSchedule(0.1, 0.5, 10), 25),
        ["scale"] = new ScaledSchedule(new PolynomialSchedule(1, 0, 50), 0.3),
        ["product"] = new ProductSchedule(new HoldSchedule(new CosineSchedule(0.1, 90), 10), new LinearSchedule(0, 1, 10)),
        ["warmup one_minus_sqrt"] = new WarmupSchedule(new ConstantSchedule(0.1), 7, 0.01, WarmupShape.OneMinusSqrt),
        ["shift"] = new ShiftedSchedule(new CosineSchedule(0.1, 100), 7),
        ["anneal linear"] = new AnnealSchedule(0.1, 0.001, 50),
        ["anneal cosine"] = new AnnealSchedule(0.1, 0.001, 50, DecayShape.Cosine),
        ["anneal one_minus_sqrt"] = new AnnealSchedule(0.1, 0, 50, DecayShape.OneMinusSqrt),
        ["anneal geometric"] = new AnnealSchedule(0.1, 0.001, 50, DecayShape.Exponential),
        ["anneal half-life"] = new AnnealSchedule(0.1, 0.001, 50, DecayShape.Exponential, halfLife: 7.5),
        ["anneal power"] = new AnnealSchedule(0.1, 0.001, 50, DecayShape.Power, power: 2),
        ["anneal inverse_sqrt"] = new AnnealSchedule(0.1, 0.001, 50, DecayShape.InverseSqrt, timescale: 12.5),
        ["restarts sgdr"] = new RestartsSchedule(0.1, 10, 2, floorValue: 1e-3),
        ["restarts all fields"] = new RestartsSchedule(0.1, 12.5, 1.5, 0.5, 1e-4, 3, CycleShape.Tanh, 1, -6, 4, 1, PeakDecayMode.Amplitude, 2, 0.01),
        ["restarts power k-decay"] = new RestartsSchedule(0.1, 20, 1, 0.8, 0, null, CycleShape.Power, 2, kDecay: 2),
        ["one_cycle"] = new OneCycleSchedule(0.1, 100),
        ["one_cycle three-phase linear"] = new OneCycleSchedule(0.5, 60, 0.25, Interpolation.Linear, 10, 100, true),
        ["cyclic triangular"] = new CyclicSchedule(0.001, 0.01, 4),
        ["cyclic triangular2"] = new CyclicSchedule(0.001, 0.01, 3, 5, CyclicMode.Triangular2),
        ["cyclic exp_range"] = new CyclicSchedule(0.001, 0.1, 5, null, CyclicMode.ExpRange, 0.98),
        ["warmup_stable_decay"] = new WarmupStableDecaySchedule(0.1, 10, 50, 20, 1e-3),
        ["warmup_stable_decay all fields"] = new WarmupStableDecaySchedule(0.1, 10, 50, 20, 1e-3, WarmupShape.Cosine, 1e-4, DecayShape.Exponential, 1, 5.5, 25),
        ["infinite"] = new InfiniteSchedule(1e-3, 20, 40, 1e-4, 260, 80, 1e-5),
        ["infinite no anneal"] = new InfiniteSchedule(1e-3, 20, 40, 1e-4, null, 1, 1e-5, DecayShape.InverseSqrt, 10, DecayShape.Linear),
        ["infinite continuing"] = InfiniteSchedule.Continuing(1e-4, 240, 60, 1e-5),
        ["plateau"] = new PlateauSchedule(0.1, [1, 0.9, 0.9, 0.9, 0.9, 0.8], PlateauMode.Min, 0.5, 2, 1e-4, ThresholdMode.Rel, 1, 1e-3),
        ["warmup logarithmic"] = new WarmupSchedule(new CosineSchedule(0.1, 100, 1e-3), 9, 0.01, WarmupShape.Logarithmic),
        ["anneal shifted_exponential"] = new AnnealSchedule(0.1, 0.001, 50, DecayShape.ShiftedExponential),
        ["ramp"] = new RampSchedule(1e-4, 0.5, 10),
        ["ramp staircase"] = new RampSchedule(1e-4, 2, 7, staircase: true),
        ["plateau abs max"] = new PlateauSchedule(0.1, [1, 2, 2.4, 3], PlateauMode.Max, 0.1, 0, 0.5, ThresholdMode.Abs, 0, 0, 1e-12),
        ["floor"] = new FloorSchedule(new CosineSchedule(0.1, 100), 1e-3),
        ["restarts floor decay truncated"] = new RestartsSchedule(0.1, 7, 1.5, 0.5, 1e-3, floorDecay: 0.5, periodGrowth: PeriodGrowth.Truncated),
        ["cyclic cycle decay"] = new CyclicSchedule(0.001, 0.01, 4, 6, CyclicMode.Triangular, 1, 0.5, true),
        ["deeply nested"] = new ScaledSchedule(
            new WarmupSchedule(
                new SequenceSchedule(
                    new SchedulePhase(new HoldSchedule(new ConstantSchedule(1), 5), 20),
                    new SchedulePhase(new WarmupSchedule(new CosineSchedule(1, 80, 0.01, periodic: true), 3, 0.5, WarmupShape.Cosine))),
                10,
                0.001,
                WarmupShape.Exponential),
            0.5),
    };

    public static TheoryData<string> SampleNames => new(Samples.Keys);

    [Fact]
    public void The_samples_cover_every_native_type()
    {
        var written = Samples.Values.Select(s => ScheduleSpec.ToJson(s)).ToList();
        foreach (var info in ScheduleSpec.Types.Where(t => !t.Name.Contains('.', StringComparison.Ordinal)))
        {
            written.Should().Contain(j => j.StartsWith("{\"type\":\"" + info.Name + "\"", StringComparison.Ordinal), "type {0} needs a round-trip sample", info.Name);
        }

        ScheduleSpec.Types.Select(t => t.Name).Should().Contain(
            ["constant", "linear", "cosine", "exponential", "step", "multi_step", "piecewise_constant", "piecewise_interpolation", "polynomial", "inverse_time", "inverse_sqrt", "warmup", "sequence", "hold", "scale"]);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Parse_of_ToJson_gives_an_equal_schedule_with_identical_values(string name)
    {
        var schedule = Samples[name];
        foreach (bool indented in new[] { false, true })
        {
            string json = ScheduleSpec.ToJson(schedule, indented);
            var parsed = ScheduleSpec.Parse(json);
            parsed.Should().BeOfType(schedule.GetType());
            parsed.Should().Be(schedule);
            parsed.GetHashCode().Should().Be(schedule.GetHashCode());
            ScheduleSpec.ToJson(parsed, indented).Should().Be(json);
            foreach (long step in ProbeSteps)
            {
                BitConverter.DoubleToInt64Bits(parsed.GetLearningRate(step)).Should().Be(
                    BitConverter.DoubleToInt64Bits(schedule.GetLearningRate(step)), "step {0} of {1}", step, json);
            }
        }
    }

    [Fact]
    public void ToJson_writes_every_field_including_defaults()
    {
        ScheduleSpec.ToJson(new CosineSchedule(0.1, 100))
            .Should().Be("{\"type\":\"cosine\",\"initial_value\":0.1,\"final_value\":0,\"decay_steps\":100,\"exponent\":1,\"cycles\":0.5,\"periodic\":false}");
        ScheduleSpec.ToJson(new SequenceSchedule(new SchedulePhase(new ConstantSchedule(1), 5), new SchedulePhase(new ConstantSchedule(0.5))))
            .Should().Be("{\"type\":\"sequence\",\"phases\":[{\"steps\":5,\"schedule\":{\"type\":\"constant\",\"value\":1}},{\"schedule\":{\"type\":\"constant\",\"value\":0.5}}]}");
    }

    [Fact]
    public void ToJson_is_culture_invariant()
    {
        using var culture = CultureScope.German();
        ScheduleSpec.ToJson(new ConstantSchedule(0.25)).Should().Be("{\"type\":\"constant\",\"value\":0.25}");
        ScheduleSpec.Parse("{\"type\":\"constant\",\"value\":0.25}").Should().Be(new ConstantSchedule(0.25));
    }

    private static readonly Dictionary<string, (string Json, ILearningRateSchedule Expected)> HandWritten = new(StringComparer.Ordinal)
    {
        ["constant"] = ("""{"type": "constant", "value": 0.1}""", new ConstantSchedule(0.1)),
        ["linear"] = ("""{"type": "linear", "initial_value": 0, "final_value": 0.5, "transition_steps": 10, "transition_begin": 3}""", new LinearSchedule(0, 0.5, 10, 3)),
        ["cosine"] = ("""{"decay_steps": 100, "periodic": true, "type": "cosine", "cycles": 1, "exponent": 2, "final_value": 1e-3, "initial_value": 0.1}""", new CosineSchedule(0.1, 100, 1e-3, 2, 1, true)),
        ["exponential"] = ("""{"type": "exponential", "initial_value": 0.1, "decay_rate": 0.5, "transition_steps": 10, "transition_begin": 5, "staircase": true, "end_value": 0.01}""", new ExponentialSchedule(0.1, 0.5, 10, 5, true, 0.01)),
        ["step"] = ("""{"type": "step", "initial_value": 0.1, "step_size": 30, "gamma": 0.1}""", new StepSchedule(0.1, 30, 0.1)),
        ["multi_step"] = ("""{"type": "multi_step", "initial_value": 0.1, "milestones": [30, 60, 60], "gamma": 0.5}""", new MultiStepSchedule(0.1, [30, 60, 60], 0.5)),
        ["piecewise_constant"] = ("""{"type": "piecewise_constant", "boundaries": [10, 20], "values": [1, 0.5, 0.25], "boundary_mode": "switch_after"}""", new PiecewiseConstantSchedule([10, 20], [1.0, 0.5, 0.25], BoundaryMode.SwitchAfter)),
        ["piecewise_interpolation"] = ("""{"type": "piecewise_interpolation", "boundaries": [-1, 10], "values": [0, 1], "interpolation": "cosine"}""", new PiecewiseInterpolationSchedule([-1, 10], [0.0, 1.0], Interpolation.Cosine)),
        ["polynomial"] = ("""{"type": "polynomial", "initial_value": 1, "final_value": 0.1, "decay_steps": 100, "power": 2, "transition_begin": 5, "cycle": true}""", new PolynomialSchedule(1, 0.1, 100, 2, 5, true)),
        ["inverse_time"] = ("""{"type": "inverse_time", "initial_value": 0.1, "decay_rate": 0.5, "decay_steps": 10, "staircase": true}""", new InverseTimeSchedule(0.1, 0.5, 10, true)),
        ["inverse_sqrt"] = ("""{"type": "inverse_sqrt", "initial_value": 0.1, "timescale": 100, "shift": 36}""", new InverseSqrtSchedule(0.1, 100, 36)),
        ["warmup"] = ("""{"type": "warmup", "warmup_steps": 10, "start_value": 0.01, "shape": "cosine", "schedule": {"type": "cosine", "initial_value": 0.1, "decay_steps": 100}}""", new WarmupSchedule(new CosineSchedule(0.1, 100), 10, 0.01, WarmupShape.Cosine)),
        ["sequence"] = ("""{"type": "sequence", "phases": [{"steps": 10, "schedule": {"type": "linear", "initial_value": 0, "final_value": 1, "transition_steps": 10}}, {"schedule": {"type": "constant", "value": 1}}]}""", new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, 1, 10), 10), new SchedulePhase(new ConstantSchedule(1)))),
        ["hold"] = ("""{"type": "hold", "hold_steps": 25, "schedule": {"type": "constant", "value": 0.5}}""", new HoldSchedule(new ConstantSchedule(0.5), 25)),
        ["scale"] = ("""{"type": "scale", "factor": 0.5, "schedule": {"type": "constant", "value": 0.5}}""", new ScaledSchedule(new ConstantSchedule(0.5), 0.5)),
        ["product"] = ("""{"type": "product", "schedule": {"type": "constant", "value": 0.5}, "multiplier": {"type": "linear", "initial_value": 0, "final_value": 1, "transition_steps": 4}}""", new ProductSchedule(new ConstantSchedule(0.5), new LinearSchedule(0, 1, 4))),
        ["integer written as 10.0"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 10.0}""", new CosineSchedule(0.1, 10)),
        ["integer written as 1e2"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 1e2}""", new CosineSchedule(0.1, 100)),
        ["integer written as 1.5E1"] = ("""{"type": "step", "initial_value": 0.1, "step_size": 1.5E1, "gamma": 0.5}""", new StepSchedule(0.1, 15, 0.5)),
        ["integer long.MaxValue"] = ("""{"type": "linear", "initial_value": 1, "final_value": 0, "transition_steps": 9223372036854775807, "transition_begin": 9223372036854775807}""", new LinearSchedule(1, 0, long.MaxValue, long.MaxValue)),
        ["integer 2^53 + 1 written as 9007199254740993.0"] = ("""{"type": "linear", "initial_value": 1, "final_value": 0, "transition_steps": 9007199254740993.0}""", new LinearSchedule(1, 0, 9007199254740993)),
        ["integer long.MaxValue written as 9223372036854775807.0"] = ("""{"type": "linear", "initial_value": 1, "final_value": 0, "transition_steps": 9223372036854775807.0}""", new LinearSchedule(1, 0, long.MaxValue)),
        ["integer long.MinValue written as -9.223372036854775808e18"] = ("""{"type": "piecewise_interpolation", "boundaries": [-9.223372036854775808e18, -1], "values": [1, 0.5]}""", new PiecewiseInterpolationSchedule([long.MinValue, -1], [1.0, 0.5])),
        ["integer long.MinValue knot"] = ("""{"type": "piecewise_interpolation", "boundaries": [-9223372036854775808, -1], "values": [1, 0.5]}""", new PiecewiseInterpolationSchedule([long.MinValue, -1], [1.0, 0.5])),
        ["number written as integer"] = ("""{"type": "constant", "value": 1}""", new ConstantSchedule(1)),
        ["number with exponent"] = ("""{"type": "constant", "value": 3E-4}""", new ConstantSchedule(3e-4)),
        ["negative zero"] = ("""{"type": "constant", "value": -0.0}""", new ConstantSchedule(0)),
        ["explicit null optional number"] = ("""{"type": "exponential", "initial_value": 0.1, "decay_rate": 0.5, "transition_steps": 10, "end_value": null}""", new ExponentialSchedule(0.1, 0.5, 10)),
        ["explicit null shift"] = ("""{"type": "inverse_sqrt", "initial_value": 0.1, "timescale": 100, "shift": null}""", new InverseSqrtSchedule(0.1, 100)),
        ["whitespace and newlines"] = ("\r\n\t{ \"type\" :\n\"constant\" ,\t\"value\" : 0.5 }\n", new ConstantSchedule(0.5)),
    };

    public static TheoryData<string> HandWrittenNames => new(HandWritten.Keys);

    [Theory]
    [MemberData(nameof(HandWrittenNames))]
    public void Parse_reads_a_hand_written_spec(string name)
    {
        var (json, expected) = HandWritten[name];
        ScheduleSpec.Parse(json).Should().Be(expected);
    }

    private static readonly Dictionary<string, (string Json, ILearningRateSchedule Expected)> Defaults = new(StringComparer.Ordinal)
    {
        ["linear"] = ("""{"type": "linear", "initial_value": 0, "final_value": 0.5, "transition_steps": 10}""", new LinearSchedule(0, 0.5, 10, 0)),
        ["cosine"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 100}""", new CosineSchedule(0.1, 100, 0, 1, 0.5, false)),
        ["exponential"] = ("""{"type": "exponential", "initial_value": 0.1, "decay_rate": 0.5, "transition_steps": 10}""", new ExponentialSchedule(0.1, 0.5, 10, 0, false, null)),
        ["piecewise_constant"] = ("""{"type": "piecewise_constant", "boundaries": [], "values": [0.5]}""", new PiecewiseConstantSchedule([], [0.5], BoundaryMode.SwitchAt)),
        ["piecewise_interpolation"] = ("""{"type": "piecewise_interpolation", "boundaries": [0, 10], "values": [0, 1]}""", new PiecewiseInterpolationSchedule([0, 10], [0.0, 1.0], Interpolation.Linear)),
        ["polynomial"] = ("""{"type": "polynomial", "initial_value": 1, "final_value": 0, "decay_steps": 100}""", new PolynomialSchedule(1, 0, 100, 1, 0, false)),
        ["inverse_time"] = ("""{"type": "inverse_time", "initial_value": 0.1, "decay_rate": 0.5, "decay_steps": 10}""", new InverseTimeSchedule(0.1, 0.5, 10, false)),
        ["inverse_sqrt"] = ("""{"type": "inverse_sqrt", "initial_value": 0.1, "timescale": 100}""", new InverseSqrtSchedule(0.1, 100, 100)),
        ["warmup"] = ("""{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "constant", "value": 0.5}}""", new WarmupSchedule(new ConstantSchedule(0.5), 10, 0, WarmupShape.Linear)),
        ["sequence last phase"] = ("""{"type": "sequence", "phases": [{"schedule": {"type": "constant", "value": 0.5}}]}""", new SequenceSchedule(new SchedulePhase(new ConstantSchedule(0.5), null))),
    };

    public static TheoryData<string> DefaultNames => new(Defaults.Keys);

    [Theory]
    [MemberData(nameof(DefaultNames))]
    public void Omitted_optional_fields_take_their_defaults(string name)
    {
        var (json, expected) = Defaults[name];
        ScheduleSpec.Parse(json).Should().Be(expected);
    }

    private const string Cosine = """{"type": "cosine", "initial_value": 0.1, "decay_steps": 100}""";

    private static readonly Dictionary<string, (string Json, string Path)> Errors = new(StringComparer.Ordinal)
    {
        ["unknown type"] = ("""{"type": "cosinus", "initial_value": 0.1, "decay_steps": 100}""", "$.type"),
        ["unknown type in a nested schedule"] = ("""{"type": "warmup", "warmup_steps": 5, "schedule": {"type": "nope"}}""", "$.schedule.type"),
        ["compat-looking type name"] = ("""{"type": "torch.NoSuchLR", "lr": 0.1, "args": {}}""", "$.type"),
        ["missing type"] = ("""{"value": 0.1}""", "$.type"),
        ["type is not a string"] = ("""{"type": 5, "value": 0.1}""", "$.type"),
        ["type is null"] = ("""{"type": null, "value": 0.1}""", "$.type"),
        ["unknown field"] = ("""{"type": "constant", "value": 0.1, "bogus": 2}""", "$.bogus"),
        ["unknown camelCase field"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 100, "decaySteps": 100}""", "$.decaySteps"),
        ["unknown field in a nested schedule"] = ("{\"type\": \"hold\", \"hold_steps\": 5, \"schedule\": {\"type\": \"constant\", \"value\": 1, \"bogus\": 0}}", "$.schedule.bogus"),
        ["unknown field in a phase"] = ("{\"type\": \"sequence\", \"phases\": [{\"steps\": 5, \"schedule\": " + Cosine + ", \"bogus\": 1}, {\"schedule\": " + Cosine + "}]}", "$.phases[0].bogus"),
        ["unknown field in a phase schedule"] = ("{\"type\": \"sequence\", \"phases\": [{\"steps\": 5, \"schedule\": " + Cosine + "}, {\"schedule\": {\"type\": \"constant\", \"value\": 1, \"steps\": 3}}]}", "$.phases[1].schedule.steps"),
        ["missing required number"] = ("""{"type": "cosine", "decay_steps": 100}""", "$.initial_value"),
        ["missing required integer"] = ("""{"type": "cosine", "initial_value": 0.1}""", "$.decay_steps"),
        ["missing required array"] = ("""{"type": "multi_step", "initial_value": 0.1, "gamma": 0.1}""", "$.milestones"),
        ["missing nested schedule"] = ("""{"type": "warmup", "warmup_steps": 5}""", "$.schedule"),
        ["missing phase schedule"] = ("""{"type": "sequence", "phases": [{"steps": 5}]}""", "$.phases[0].schedule"),
        ["missing required field in a nested schedule"] = ("""{"type": "scale", "factor": 2, "schedule": {"type": "step", "initial_value": 0.1, "gamma": 0.5}}""", "$.schedule.step_size"),
        ["required field null"] = ("""{"type": "constant", "value": null}""", "$.value"),
        ["number given as a string"] = ("""{"type": "constant", "value": "0.1"}""", "$.value"),
        ["number given as a boolean"] = ("""{"type": "constant", "value": true}""", "$.value"),
        ["integer given as a string"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": "100"}""", "$.decay_steps"),
        ["boolean given as a number"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 100, "periodic": 1}""", "$.periodic"),
        ["boolean given as a string"] = ("""{"type": "polynomial", "initial_value": 1, "final_value": 0, "decay_steps": 100, "cycle": "true"}""", "$.cycle"),
        ["array given as a number"] = ("""{"type": "multi_step", "initial_value": 0.1, "milestones": 30, "gamma": 0.1}""", "$.milestones"),
        ["array element of the wrong type"] = ("""{"type": "multi_step", "initial_value": 0.1, "milestones": [30, "60"], "gamma": 0.1}""", "$.milestones[1]"),
        ["array element not an integer"] = ("""{"type": "multi_step", "initial_value": 0.1, "milestones": [30, 60.5], "gamma": 0.1}""", "$.milestones[1]"),
        ["number array element of the wrong type"] = ("""{"type": "piecewise_constant", "boundaries": [10], "values": [1, null]}""", "$.values[1]"),
        ["schedule given as a number"] = ("""{"type": "warmup", "warmup_steps": 5, "schedule": 5}""", "$.schedule"),
        ["schedule given as a string"] = ("""{"type": "hold", "hold_steps": 5, "schedule": "cosine"}""", "$.schedule"),
        ["phases given as an object"] = ("""{"type": "sequence", "phases": {"schedule": {"type": "constant", "value": 1}}}""", "$.phases"),
        ["phase given as a number"] = ("""{"type": "sequence", "phases": [5]}""", "$.phases[0]"),
        ["enum name unknown"] = ("""{"type": "piecewise_constant", "boundaries": [10], "values": [1, 0.5], "boundary_mode": "SwitchAt"}""", "$.boundary_mode"),
        ["enum given as a number"] = ("""{"type": "piecewise_interpolation", "boundaries": [0], "values": [1], "interpolation": 0}""", "$.interpolation"),
        ["warmup shape unknown"] = ("""{"type": "warmup", "warmup_steps": 5, "shape": "quadratic", "schedule": {"type": "constant", "value": 1}}""", "$.shape"),
        ["top level is an array"] = ("""[{"type": "constant", "value": 1}]""", "$"),
        ["top level is a number"] = ("5", "$"),
        ["top level is a string"] = ("\"constant\"", "$"),
        ["out of range: decay_steps 0"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 0}""", "$.decay_steps"),
        ["out of range: negative initial_value"] = ("""{"type": "cosine", "initial_value": -0.1, "decay_steps": 100}""", "$.initial_value"),
        ["out of range: nested initial_value"] = ("""{"type": "warmup", "warmup_steps": 5, "schedule": {"type": "cosine", "initial_value": -1, "decay_steps": 100}}""", "$.schedule.initial_value"),
        ["out of range: decay_steps in phase 1"] = ("{\"type\": \"sequence\", \"phases\": [{\"steps\": 5, \"schedule\": " + Cosine + "}, {\"schedule\": {\"type\": \"cosine\", \"initial_value\": 0.1, \"decay_steps\": 0}}]}", "$.phases[1].schedule.decay_steps"),
        ["out of range: phase steps 0"] = ("{\"type\": \"sequence\", \"phases\": [{\"steps\": 0, \"schedule\": " + Cosine + "}, {\"schedule\": " + Cosine + "}]}", "$.phases[0].steps"),
        ["sequence: last phase has steps"] = ("{\"type\": \"sequence\", \"phases\": [{\"steps\": 5, \"schedule\": " + Cosine + "}]}", "$.phases"),
        ["sequence: middle phase without steps"] = ("{\"type\": \"sequence\", \"phases\": [{\"schedule\": " + Cosine + "}, {\"schedule\": " + Cosine + "}]}", "$.phases"),
        ["sequence: no phases"] = ("""{"type": "sequence", "phases": []}""", "$.phases"),
        ["sequence: total length overflows"] = ("{\"type\": \"sequence\", \"phases\": [{\"steps\": 9223372036854775807, \"schedule\": " + Cosine + "}, {\"steps\": 1, \"schedule\": " + Cosine + "}, {\"schedule\": " + Cosine + "}]}", "$.phases"),
        ["exponential growth without end_value"] = ("""{"type": "exponential", "initial_value": 0.1, "decay_rate": 2, "transition_steps": 10}""", "$.end_value"),
        ["exponential warmup from 0"] = ("""{"type": "warmup", "warmup_steps": 5, "shape": "exponential", "schedule": {"type": "constant", "value": 1}}""", "$.start_value"),
        ["exponential warmup into 0"] = ("""{"type": "warmup", "warmup_steps": 5, "start_value": 0.1, "shape": "exponential", "schedule": {"type": "constant", "value": 0}}""", "$.schedule"),
        ["milestones out of order"] = ("""{"type": "multi_step", "initial_value": 0.1, "milestones": [60, 30], "gamma": 0.1}""", "$.milestones"),
        ["values count mismatch"] = ("""{"type": "piecewise_constant", "boundaries": [10], "values": [1]}""", "$.values"),
        ["step gamma above 1"] = ("""{"type": "step", "initial_value": 0.1, "step_size": 30, "gamma": 1.5}""", "$.gamma"),
        ["scale factor overflow"] = ("""{"type": "scale", "factor": 1e300, "schedule": {"type": "constant", "value": 1e300}}""", "$.factor"),
        ["inverse_sqrt shift overflow"] = ("""{"type": "inverse_sqrt", "initial_value": 1e308, "timescale": 1, "shift": 1e-10}""", "$.shift"),
        ["integer with a fraction"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 10.5}""", "$.decay_steps"),
        ["integer with a tiny fraction"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 1.0000001}""", "$.decay_steps"),
        ["integer with a fraction below double precision"] = ("""{"type": "linear", "initial_value": 1, "final_value": 0, "transition_steps": 10.000000000000000001}""", "$.transition_steps"),
        ["integer 2^53 + 0.5"] = ("""{"type": "linear", "initial_value": 1, "final_value": 0, "transition_steps": 9007199254740992.5}""", "$.transition_steps"),
        ["integer overflowing long"] = ("""{"type": "linear", "initial_value": 1, "final_value": 0, "transition_steps": 10, "transition_begin": 9223372036854775808}""", "$.transition_begin"),
        ["integer underflowing long"] = ("""{"type": "piecewise_interpolation", "boundaries": [-9223372036854775809, -1], "values": [1, 0]}""", "$.boundaries[0]"),
        ["integer overflowing long written as 9223372036854775808.0"] = ("""{"type": "linear", "initial_value": 1, "final_value": 0, "transition_steps": 9223372036854775808.0}""", "$.transition_steps"),
        ["integer 1e19"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 1e19}""", "$.decay_steps"),
        ["integer 1e400"] = ("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 1e400}""", "$.decay_steps"),
        ["number overflowing double"] = ("""{"type": "constant", "value": 1e400}""", "$.value"),
        ["negative number overflowing double"] = ("""{"type": "constant", "value": -1e400}""", "$.value"),
        ["NaN as a string"] = ("""{"type": "constant", "value": "NaN"}""", "$.value"),
    };

    public static TheoryData<string> ErrorNames => new(Errors.Keys);

    [Theory]
    [MemberData(nameof(ErrorNames))]
    public void Parse_rejects_an_invalid_spec_naming_the_field(string name)
    {
        var (json, path) = Errors[name];
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().ThrowExactly<ScheduleSpecException>().Which;
        ex.Path.Should().Be(path);
        ex.Message.Should().StartWith(path + ": ");
        ex.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Constructor_errors_keep_the_argument_exception_as_inner_exception()
    {
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse("""{"type": "cosine", "initial_value": 0.1, "decay_steps": 0}"""))
            .Should().ThrowExactly<ScheduleSpecException>().Which;
        ex.InnerException.Should().BeOfType<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("decaySteps");
        ex.Reason.Should().Contain("[1, 9223372036854775807]").And.Contain("got 0");
    }

    private static readonly Dictionary<string, string> Malformed = new(StringComparer.Ordinal)
    {
        ["duplicate key"] = """{"type": "constant", "value": 0.1, "value": 0.2}""",
        ["duplicate type key"] = """{"type": "constant", "type": "constant", "value": 0.1}""",
        ["duplicate key in a nested schedule"] = """{"type": "hold", "hold_steps": 5, "schedule": {"type": "constant", "value": 1, "value": 1}}""",
        ["duplicate key in a phase"] = "{\"type\": \"sequence\", \"phases\": [{\"schedule\": " + Cosine + ", \"schedule\": " + Cosine + "}]}",
        ["NaN literal"] = """{"type": "constant", "value": NaN}""",
        ["Infinity literal"] = """{"type": "constant", "value": Infinity}""",
        ["-Infinity literal"] = """{"type": "constant", "value": -Infinity}""",
        ["trailing comma"] = """{"type": "constant", "value": 0.1,}""",
        ["comment"] = """{"type": "constant", /* lr */ "value": 0.1}""",
        ["single quotes"] = """{'type': 'constant', 'value': 0.1}""",
        ["truncated"] = """{"type": "constant", "value": 0.1""",
        ["empty"] = "",
        ["whitespace only"] = "   ",
        ["two documents"] = """{"type": "constant", "value": 0.1} {"type": "constant", "value": 0.2}""",
        ["leading plus"] = """{"type": "constant", "value": +0.1}""",
        ["hex number"] = """{"type": "constant", "value": 0x10}""",
    };

    public static TheoryData<string> MalformedNames => new(Malformed.Keys);

    [Theory]
    [MemberData(nameof(MalformedNames))]
    public void Parse_rejects_malformed_json(string name)
    {
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse(Malformed[name])).Should().ThrowExactly<ScheduleSpecException>().Which;
        ex.Path.Should().StartWith("$");
        ex.Message.Should().StartWith(ex.Path + ": ");
    }

    [Fact]
    public void Parse_rejects_a_spec_that_is_too_long()
    {
        string json = "{\"type\": \"constant\", \"value\": 0.1" + new string(' ', ScheduleSpec.MaxLength) + "}";
        FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().ThrowExactly<ScheduleSpecException>().Which.Path.Should().Be("$");
    }

    [Fact]
    public void Parse_rejects_nesting_deeper_than_the_limit()
    {
        const int Depth = ScheduleSpec.MaxDepth + 1;
        string json = string.Concat(Enumerable.Repeat("{\"type\": \"hold\", \"hold_steps\": 1, \"schedule\": ", Depth)) + "{\"type\": \"constant\", \"value\": 1}" + new string('}', Depth);
        FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().ThrowExactly<ScheduleSpecException>();
    }

    [Fact]
    public void Parse_of_null_throws_ArgumentNullException()
    {
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse(null!)).Should().ThrowExactly<ArgumentNullException>().Which;
        ex.ParamName.Should().Be("json");
    }

    [Fact]
    public void ToJson_of_a_custom_schedule_throws_ArgumentException()
    {
        var ex = FluentActions.Invoking(() => ScheduleSpec.ToJson(new CustomSchedule())).Should().Throw<ArgumentException>().Which;
        ex.Should().BeOfType<ArgumentException>();
        ex.ParamName.Should().Be("schedule");
        ex.Message.Should().Contain("schedule").And.Contain(nameof(CustomSchedule));
    }

    [Fact]
    public void ToJson_of_a_custom_schedule_nested_in_a_composite_throws_ArgumentException()
    {
        foreach (ILearningRateSchedule s in new ILearningRateSchedule[]
        {
            new WarmupSchedule(new CustomSchedule(), 5),
            new HoldSchedule(new CustomSchedule(), 5),
            new ScaledSchedule(new CustomSchedule(), 2),
            new SequenceSchedule(new SchedulePhase(new ConstantSchedule(1), 5), new SchedulePhase(new CustomSchedule())),
        })
        {
            FluentActions.Invoking(() => ScheduleSpec.ToJson(s)).Should().Throw<ArgumentException>().Which.Should().BeOfType<ArgumentException>();
        }
    }

    [Fact]
    public void ToJson_of_null_throws_ArgumentNullException()
    {
        FluentActions.Invoking(() => ScheduleSpec.ToJson(null!)).Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be("schedule");
    }
}
