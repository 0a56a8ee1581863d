using System.Text.Json.Nodes;
using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs;

/// <summary>
/// The native spec format: one flat JSON object per schedule with a <c>type</c> discriminator and snake_case fields
/// named after the constructor parameters. This file is the whole table, reading and writing side by side.
/// </summary>
internal static class NativeSpecs
{
    private static readonly (string, BoundaryMode)[] BoundaryModes = [("switch_at", BoundaryMode.SwitchAt), ("switch_after", BoundaryMode.SwitchAfter)];
    private static readonly (string, Interpolation)[] Interpolations = [("linear", Interpolation.Linear), ("cosine", Interpolation.Cosine)];
    private static readonly (string, WarmupShape)[] WarmupShapes = [("linear", WarmupShape.Linear), ("cosine", WarmupShape.Cosine), ("exponential", WarmupShape.Exponential), ("one_minus_sqrt", WarmupShape.OneMinusSqrt), ("logarithmic", WarmupShape.Logarithmic)];
    private static readonly (string, DecayShape)[] DecayShapes = [("linear", DecayShape.Linear), ("cosine", DecayShape.Cosine), ("one_minus_sqrt", DecayShape.OneMinusSqrt), ("exponential", DecayShape.Exponential), ("power", DecayShape.Power), ("inverse_sqrt", DecayShape.InverseSqrt), ("shifted_exponential", DecayShape.ShiftedExponential)];
    private static readonly (string, CycleShape)[] CycleShapes = [("cosine", CycleShape.Cosine), ("power", CycleShape.Power), ("tanh", CycleShape.Tanh)];
    private static readonly (string, PeakDecayMode)[] PeakDecayModes = [("peak", PeakDecayMode.Peak), ("amplitude", PeakDecayMode.Amplitude)];
    private static readonly (string, CyclicMode)[] CyclicModes = [("triangular", CyclicMode.Triangular), ("triangular2", CyclicMode.Triangular2), ("exp_range", CyclicMode.ExpRange)];
    private static readonly (string, PeriodGrowth)[] PeriodGrowths = [("exact", PeriodGrowth.Exact), ("truncated", PeriodGrowth.Truncated)];
    private static readonly (string, PlateauMode)[] PlateauModes = [("min", PlateauMode.Min), ("max", PlateauMode.Max)];
    private static readonly (string, ThresholdMode)[] ThresholdModes = [("rel", ThresholdMode.Rel), ("abs", ThresholdMode.Abs)];
    private static readonly (string, Arithmetic)[] Arithmetics = [("float64", Arithmetic.DoublePrecision), ("float32", Arithmetic.SinglePrecision)];

    /// <summary>The native spec types.</summary>
    public static IEnumerable<SpecType> Types { get; } =
    [
        new("constant", "A constant learning rate.", s => s.Build(() => new ConstantSchedule(s.Number("value")))),
        new("linear", "Linear ramp from initial_value to final_value over transition_steps, starting at transition_begin.", s => s.Build(() => new LinearSchedule(
            s.Number("initial_value"), s.Number("final_value"), s.Integer("transition_steps"), s.Integer("transition_begin", 0)))),
        new("cosine", "Cosine decay to a floor, with optional exponent, cycles and periodic continuation past decay_steps.", s => s.Build(() => new CosineSchedule(
            s.Number("initial_value"), s.Integer("decay_steps"), s.Number("final_value", 0), s.Number("exponent", 1), s.Number("cycles", 0.5), s.Boolean("periodic", false)))),
        new("exponential", "Exponential decay by decay_rate per transition_steps, optional staircase, begin offset, floor/cap and float32 arithmetic (ML.NET).", s => s.Build(() => new ExponentialSchedule(
            s.Number("initial_value"), s.Number("decay_rate"), s.Integer("transition_steps"), s.Integer("transition_begin", 0), s.Boolean("staircase", false), s.NumberOrNull("end_value"), s.Choice("arithmetic", Arithmetic.DoublePrecision, Arithmetics)))),
        new("step", "Multiply by gamma every step_size steps.", s => s.Build(() => new StepSchedule(
            s.Number("initial_value"), s.Integer("step_size"), s.Number("gamma")))),
        new("multi_step", "Multiply by gamma at each milestone; repeated milestones compound.", s => s.Build(() => new MultiStepSchedule(
            s.Number("initial_value"), s.IntegerArray("milestones"), s.Number("gamma")))),
        new("piecewise_constant", "Constant values between boundaries; switch at (default) or after each boundary.", s => s.Build(() => new PiecewiseConstantSchedule(
            s.IntegerArray("boundaries"), s.NumberArray("values"), s.Choice("boundary_mode", BoundaryMode.SwitchAt, BoundaryModes)))),
        new("piecewise_interpolation", "Linear or cosine interpolation through knots (boundaries[i], values[i]).", s => s.Build(() => new PiecewiseInterpolationSchedule(
            s.IntegerArray("boundaries"), s.NumberArray("values"), s.Choice("interpolation", Interpolation.Linear, Interpolations)))),
        new("polynomial", "Polynomial decay from initial_value to final_value over decay_steps, optional Keras-style cycle and float32 arithmetic (ML.NET).", s => s.Build(() => new PolynomialSchedule(
            s.Number("initial_value"), s.Number("final_value"), s.Integer("decay_steps"), s.Number("power", 1), s.Integer("transition_begin", 0), s.Boolean("cycle", false), s.Choice("arithmetic", Arithmetic.DoublePrecision, Arithmetics)))),
        new("inverse_time", "initial_value / (1 + decay_rate * step / decay_steps), optional staircase.", s => s.Build(() => new InverseTimeSchedule(
            s.Number("initial_value"), s.Number("decay_rate"), s.Integer("decay_steps"), s.Boolean("staircase", false)))),
        new("inverse_sqrt", "initial_value / sqrt((step + shift) / timescale), as big_vision's rsqrt.", s => s.Build(() => new InverseSqrtSchedule(
            s.Number("initial_value"), s.Number("timescale"), s.NumberOrNull("shift")))),
        new("warmup", "Linear, cosine, exponential, 1-sqrt or logarithmic warmup from start_value into any schedule, whose clock starts when warmup ends.", s => s.Build(() => new WarmupSchedule(
            ScheduleSpec.Read(s.Object("schedule")), s.Integer("warmup_steps"), s.Number("start_value", 0), s.Choice("shape", WarmupShape.Linear, WarmupShapes)))),
        new("sequence", "Phases one after another, each with its own clock (optax join_schedules); the last phase is open-ended.", ReadSequence),
        new("hold", "Hold a schedule's first value for hold_steps, then run it with its clock starting at 0.", s => s.Build(() => new HoldSchedule(
            ScheduleSpec.Read(s.Object("schedule")), s.Integer("hold_steps")))),
        new("scale", "A schedule multiplied by a constant factor.", s => s.Build(() => new ScaledSchedule(
            ScheduleSpec.Read(s.Object("schedule")), s.Number("factor")))),
        new("shift", "A schedule whose clock runs ahead by offset steps: lr(step) = schedule(step + offset).", s => s.Build(() => new ShiftedSchedule(
            ScheduleSpec.Read(s.Object("schedule")), s.Integer("offset")))),
        new("anneal", "Move from initial_value to final_value over steps (linear, cosine, 1-sqrt, exponential, power, inverse-sqrt, shifted exponential), then hold.", s => s.Build(() => new AnnealSchedule(
            s.Number("initial_value"), s.Number("final_value"), s.Integer("steps"), s.Choice("shape", DecayShape.Linear, DecayShapes), s.Number("power", 1), s.NumberOrNull("half_life"), s.Number("timescale", 10)))),
        new("restarts", "Warm restarts (SGDR): cycles with growing periods, decaying peaks, cycle limit, optional per-cycle warmup.", s => s.Build(() => new RestartsSchedule(
            s.Number("peak_value"), s.Number("period"), s.Number("period_multiplier", 1), s.Number("peak_decay", 1), s.Number("floor_value", 0), s.IntegerOrNull("cycle_limit"),
            s.Choice("shape", CycleShape.Cosine, CycleShapes), s.Number("power", 1), s.Number("tanh_lower", -7), s.Number("tanh_upper", 3), s.Number("k_decay", 1),
            s.Choice("peak_decay_mode", PeakDecayMode.Peak, PeakDecayModes), s.Integer("cycle_warmup_steps", 0), s.Number("cycle_warmup_start", 0),
            s.Number("floor_decay", 1), s.Choice("period_growth", PeriodGrowth.Exact, PeriodGrowths)))),
        new("one_cycle", "One-cycle policy (two or three phases, cosine or linear) with PyTorch OneCycleLR's phase arithmetic.", s => s.Build(() => new OneCycleSchedule(
            s.Number("max_value"), s.Integer("total_steps"), s.Number("pct_start", 0.3), s.Choice("anneal", Interpolation.Cosine, Interpolations), s.Number("div_factor", 25), s.Number("final_div_factor", 1e4), s.Boolean("three_phase", false)))),
        new("cyclic", "Cyclical learning rate (triangular, triangular2, exp_range) between base_value and max_value.", s => s.Build(() => new CyclicSchedule(
            s.Number("base_value"), s.Number("max_value"), s.Integer("steps_up"), s.IntegerOrNull("steps_down"), s.Choice("mode", CyclicMode.Triangular, CyclicModes), s.Number("gamma", 1),
            s.Number("cycle_decay", 1), s.Boolean("decay_base", false)))),
        new("warmup_stable_decay", "Warmup, stable phase (constant or rsqrt), decay to a floor given as final_value or final_ratio.", ReadWarmupStableDecay),
        new("infinite", "Infinite schedule (Singh et al. 2025): warmup, cooldown, constant, exponential anneal to final_value.", s => s.Build(() => new InfiniteSchedule(
            s.Number("peak_value"), s.Integer("warmup_steps"), s.Integer("cooldown_steps"), s.Number("constant_value"), s.IntegerOrNull("constant_steps"), s.Integer("anneal_steps", 1), s.Number("final_value"),
            s.Choice("cooldown_shape", DecayShape.Cosine, DecayShapes), s.Number("timescale", 10), s.Choice("anneal_shape", DecayShape.Exponential, DecayShapes), s.Number("warmup_start_value", 0)))),
        new("plateau", "Reduce on plateau over a recorded metric history (the metrics field, or lrs eval --metrics).", s => s.Build(() => new PlateauSchedule(
            s.Number("initial_value"), s.MetricHistory(), s.Choice("mode", PlateauMode.Min, PlateauModes), s.Number("factor", 0.1), s.Integer("patience", 10), s.Number("threshold", 1e-4),
            s.Choice("threshold_mode", ThresholdMode.Rel, ThresholdModes), s.Integer("cooldown", 0), s.Number("min_value", 0), s.Number("eps", 1e-8)))),
        new("product", "The product of two schedules on one clock, schedule(step) * multiplier(step) (warmup x decay x cooldown factors).", s => s.Build(() => new ProductSchedule(
            ScheduleSpec.Read(s.Object("schedule")), ScheduleSpec.Read(s.Object("multiplier"))))),
        new("floor", "A schedule bounded below: lr = max(schedule(step), floor_value) (the min_lr floor of Megatron, NeMo, fairseq).", s => s.Build(() => new FloorSchedule(
            ScheduleSpec.Read(s.Object("schedule")), s.Number("floor_value")))),
        new("ramp", "Unbounded linear or staircase ramp initial_value * (1 + rate * step / step_size) (DeepSpeed LRRangeTest), saturating at double.MaxValue.", s => s.Build(() => new RampSchedule(
            s.Number("initial_value"), s.Number("rate"), s.Integer("step_size"), s.Boolean("staircase", false)))),
    ];

    /// <summary>Writes a native schedule, or returns null if the type is not one of this library's.</summary>
    public static JsonObject? Write(ILearningRateSchedule schedule) => schedule switch
    {
        ConstantSchedule c => Obj("constant", ("value", c.Value)),
        LinearSchedule l => Obj("linear", ("initial_value", l.InitialValue), ("final_value", l.FinalValue), ("transition_steps", l.TransitionSteps), ("transition_begin", l.TransitionBegin)),
        CosineSchedule c => Obj("cosine", ("initial_value", c.InitialValue), ("final_value", c.FinalValue), ("decay_steps", c.DecaySteps), ("exponent", c.Exponent), ("cycles", c.Cycles), ("periodic", c.Periodic)),
        ExponentialSchedule e => Obj("exponential", ("initial_value", e.InitialValue), ("decay_rate", e.DecayRate), ("transition_steps", e.TransitionSteps), ("transition_begin", e.TransitionBegin), ("staircase", e.Staircase), ("end_value", e.EndValue), ("arithmetic", ArithmeticName(e.Arithmetic))),
        StepSchedule s => Obj("step", ("initial_value", s.InitialValue), ("step_size", s.StepSize), ("gamma", s.Gamma)),
        MultiStepSchedule m => Obj("multi_step", ("initial_value", m.InitialValue), ("milestones", Array(m.Milestones)), ("gamma", m.Gamma)),
        PiecewiseConstantSchedule p => Obj("piecewise_constant", ("boundaries", Array(p.Boundaries)), ("values", Array(p.Values)), ("boundary_mode", Name(p.BoundaryMode, BoundaryModes))),
        PiecewiseInterpolationSchedule p => Obj("piecewise_interpolation", ("boundaries", Array(p.Boundaries)), ("values", Array(p.Values)), ("interpolation", Name(p.Interpolation, Interpolations))),
        PolynomialSchedule p => Obj("polynomial", ("initial_value", p.InitialValue), ("final_value", p.FinalValue), ("decay_steps", p.DecaySteps), ("power", p.Power), ("transition_begin", p.TransitionBegin), ("cycle", p.Cycle), ("arithmetic", ArithmeticName(p.Arithmetic))),
        InverseTimeSchedule i => Obj("inverse_time", ("initial_value", i.InitialValue), ("decay_rate", i.DecayRate), ("decay_steps", i.DecaySteps), ("staircase", i.Staircase)),
        InverseSqrtSchedule i => Obj("inverse_sqrt", ("initial_value", i.InitialValue), ("timescale", i.Timescale), ("shift", i.Shift)),
        WarmupSchedule w => Obj("warmup", ("warmup_steps", w.WarmupSteps), ("start_value", w.StartValue), ("shape", Name(w.Shape, WarmupShapes)), ("schedule", ScheduleSpec.Write(w.Schedule))),
        SequenceSchedule q => Obj("sequence", ("phases", new JsonArray([.. q.Phases.Select(WritePhase)]))),
        HoldSchedule h => Obj("hold", ("hold_steps", h.HoldSteps), ("schedule", ScheduleSpec.Write(h.Schedule))),
        ScaledSchedule s => Obj("scale", ("factor", s.Factor), ("schedule", ScheduleSpec.Write(s.Schedule))),
        ShiftedSchedule s => Obj("shift", ("offset", s.Offset), ("schedule", ScheduleSpec.Write(s.Schedule))),
        FloorSchedule f => Obj("floor", ("floor_value", f.FloorValue), ("schedule", ScheduleSpec.Write(f.Schedule))),
        AnnealSchedule a => Obj("anneal", ("initial_value", a.InitialValue), ("final_value", a.FinalValue), ("steps", a.Steps), ("shape", Name(a.Shape, DecayShapes)), ("power", a.Power), ("half_life", a.HalfLife), ("timescale", a.Timescale)),
        RestartsSchedule r => Obj("restarts", ("peak_value", r.PeakValue), ("period", r.Period), ("period_multiplier", r.PeriodMultiplier), ("peak_decay", r.PeakDecay), ("floor_value", r.FloorValue), ("cycle_limit", r.CycleLimit),
            ("shape", Name(r.Shape, CycleShapes)), ("power", r.Power), ("tanh_lower", r.TanhLower), ("tanh_upper", r.TanhUpper), ("k_decay", r.KDecay), ("peak_decay_mode", Name(r.PeakDecayMode, PeakDecayModes)),
            ("cycle_warmup_steps", r.CycleWarmupSteps), ("cycle_warmup_start", r.CycleWarmupStart),
            ("floor_decay", r.FloorDecay == 1 ? null : r.FloorDecay), ("period_growth", r.PeriodGrowth == PeriodGrowth.Exact ? null : Name(r.PeriodGrowth, PeriodGrowths))),
        OneCycleSchedule o => Obj("one_cycle", ("max_value", o.MaxValue), ("total_steps", o.TotalSteps), ("pct_start", o.PctStart), ("anneal", Name(o.Anneal, Interpolations)), ("div_factor", o.DivFactor), ("final_div_factor", o.FinalDivFactor), ("three_phase", o.ThreePhase)),
        CyclicSchedule c => Obj("cyclic", ("base_value", c.BaseValue), ("max_value", c.MaxValue), ("steps_up", c.StepsUp), ("steps_down", c.StepsDown), ("mode", Name(c.Mode, CyclicModes)), ("gamma", c.Gamma),
            ("cycle_decay", c.CycleDecay == 1 ? null : c.CycleDecay), ("decay_base", c.DecayBase ? true : null)),
        WarmupStableDecaySchedule w => Obj("warmup_stable_decay", ("peak_value", w.PeakValue), ("warmup_steps", w.WarmupSteps), ("stable_steps", w.StableSteps), ("decay_steps", w.DecaySteps), ("final_value", w.FinalValue),
            ("warmup_shape", Name(w.WarmupShape, WarmupShapes)), ("warmup_start_value", w.WarmupStartValue), ("decay_shape", Name(w.DecayShape, DecayShapes)), ("decay_power", w.DecayPower), ("decay_half_life", w.DecayHalfLife), ("stable_timescale", w.StableTimescale)),
        InfiniteSchedule i => Obj("infinite", ("peak_value", i.PeakValue), ("warmup_steps", i.WarmupSteps), ("cooldown_steps", i.CooldownSteps), ("constant_value", i.ConstantValue), ("constant_steps", i.ConstantSteps), ("anneal_steps", i.AnnealSteps), ("final_value", i.FinalValue),
            ("cooldown_shape", Name(i.CooldownShape, DecayShapes)), ("timescale", i.Timescale), ("anneal_shape", Name(i.AnnealShape, DecayShapes)), ("warmup_start_value", i.WarmupStartValue)),
        PlateauSchedule p => Obj("plateau", ("initial_value", p.InitialValue), ("metrics", Array(p.Metrics)), ("mode", Name(p.Mode, PlateauModes)), ("factor", p.Factor), ("patience", p.Patience), ("threshold", p.Threshold),
            ("threshold_mode", Name(p.ThresholdMode, ThresholdModes)), ("cooldown", p.Cooldown), ("min_value", p.MinValue), ("eps", p.Eps)),
        ProductSchedule p => Obj("product", ("schedule", ScheduleSpec.Write(p.Schedule)), ("multiplier", ScheduleSpec.Write(p.Multiplier))),
        RampSchedule r => Obj("ramp", ("initial_value", r.InitialValue), ("rate", r.Rate), ("step_size", r.StepSize), ("staircase", r.Staircase)),
        Torch.TorchSchedule t => JsonNode.Parse(t.Spec)!.AsObject(),
        Compat.GroupedCompatSchedule g => JsonNode.Parse(g.Spec)!.AsObject(),
        _ => null,
    };

    private static WarmupStableDecaySchedule ReadWarmupStableDecay(SpecObject s)
    {
        double peak = s.Number("peak_value");
        double? finalValue = s.NumberOrNull("final_value");
        double? finalRatio = s.NumberOrNull("final_ratio");
        if (finalValue is not null && finalRatio is not null)
        {
            throw new ScheduleSpecException(s.FieldPath("final_ratio"), "give either final_value or final_ratio, not both.");
        }

        if (finalRatio is double ratio && !(ratio >= 0 && ratio <= 1))
        {
            throw new ScheduleSpecException(s.FieldPath("final_ratio"), "must be a finite number in [0, 1]; got " + ratio.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ".");
        }

        double floor = finalValue ?? (finalRatio is double r ? r * peak : 0);
        return s.Build(() => new WarmupStableDecaySchedule(
            peak, s.Integer("warmup_steps"), s.Integer("stable_steps"), s.Integer("decay_steps"), floor, s.Choice("warmup_shape", WarmupShape.Linear, WarmupShapes), s.Number("warmup_start_value", 0),
            s.Choice("decay_shape", DecayShape.Linear, DecayShapes), s.Number("decay_power", 1), s.NumberOrNull("decay_half_life"), s.NumberOrNull("stable_timescale")),
            p => p == "finalValue" && finalRatio is not null ? "final_ratio" : SpecObject.ToSnakeCase(p));
    }

    private static SequenceSchedule ReadSequence(SpecObject s)
    {
        var phases = s.ObjectArray("phases", p =>
        {
            var phase = p.Build(() => new SchedulePhase(ScheduleSpec.Read(p.Object("schedule")), p.IntegerOrNull("steps")));
            p.EnsureNoUnknownFields();
            return phase;
        });
        return s.Build(() => new SequenceSchedule(phases));
    }

    private static JsonObject WritePhase(SchedulePhase phase)
    {
        var o = new JsonObject();
        if (phase.Steps is long steps)
        {
            o["steps"] = steps;
        }

        o["schedule"] = ScheduleSpec.Write(phase.Schedule);
        return o;
    }

    private static JsonObject Obj(string type, params (string Name, JsonNode? Value)[] fields)
    {
        var o = new JsonObject { ["type"] = type };
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                o[name] = value;
            }
        }

        return o;
    }

    private static JsonArray Array(EquatableArray<long> items) => new([.. items.Select(i => (JsonNode)i)]);

    private static JsonArray Array(EquatableArray<double> items) => new([.. items.Select(i => (JsonNode)i)]);

    /// <summary>The <c>arithmetic</c> field: written only for float32, so double-precision specs stay as they were.</summary>
    private static string? ArithmeticName(Arithmetic arithmetic) => arithmetic == Arithmetic.DoublePrecision ? null : Name(arithmetic, Arithmetics);

    private static string Name<T>(T value, (string Name, T Value)[] names)
        where T : struct, Enum
        => names.First(n => EqualityComparer<T>.Default.Equals(n.Value, value)).Name;
}
