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
    private static readonly (string, WarmupShape)[] WarmupShapes = [("linear", WarmupShape.Linear), ("cosine", WarmupShape.Cosine), ("exponential", WarmupShape.Exponential)];

    /// <summary>The native spec types.</summary>
    public static IEnumerable<SpecType> Types { get; } =
    [
        new("constant", "A constant learning rate.", s => s.Build(() => new ConstantSchedule(s.Number("value")))),
        new("linear", "Linear ramp from initial_value to final_value over transition_steps, starting at transition_begin.", s => s.Build(() => new LinearSchedule(
            s.Number("initial_value"), s.Number("final_value"), s.Integer("transition_steps"), s.Integer("transition_begin", 0)))),
        new("cosine", "Cosine decay to a floor, with optional exponent, cycles and periodic continuation past decay_steps.", s => s.Build(() => new CosineSchedule(
            s.Number("initial_value"), s.Integer("decay_steps"), s.Number("final_value", 0), s.Number("exponent", 1), s.Number("cycles", 0.5), s.Boolean("periodic", false)))),
        new("exponential", "Exponential decay by decay_rate per transition_steps, optional staircase, begin offset and floor/cap.", s => s.Build(() => new ExponentialSchedule(
            s.Number("initial_value"), s.Number("decay_rate"), s.Integer("transition_steps"), s.Integer("transition_begin", 0), s.Boolean("staircase", false), s.NumberOrNull("end_value")))),
        new("step", "Multiply by gamma every step_size steps.", s => s.Build(() => new StepSchedule(
            s.Number("initial_value"), s.Integer("step_size"), s.Number("gamma")))),
        new("multi_step", "Multiply by gamma at each milestone; repeated milestones compound.", s => s.Build(() => new MultiStepSchedule(
            s.Number("initial_value"), s.IntegerArray("milestones"), s.Number("gamma")))),
        new("piecewise_constant", "Constant values between boundaries; switch at (default) or after each boundary.", s => s.Build(() => new PiecewiseConstantSchedule(
            s.IntegerArray("boundaries"), s.NumberArray("values"), s.Choice("boundary_mode", BoundaryMode.SwitchAt, BoundaryModes)))),
        new("piecewise_interpolation", "Linear or cosine interpolation through knots (boundaries[i], values[i]).", s => s.Build(() => new PiecewiseInterpolationSchedule(
            s.IntegerArray("boundaries"), s.NumberArray("values"), s.Choice("interpolation", Interpolation.Linear, Interpolations)))),
        new("polynomial", "Polynomial decay from initial_value to final_value over decay_steps, optional Keras-style cycle.", s => s.Build(() => new PolynomialSchedule(
            s.Number("initial_value"), s.Number("final_value"), s.Integer("decay_steps"), s.Number("power", 1), s.Integer("transition_begin", 0), s.Boolean("cycle", false)))),
        new("inverse_time", "initial_value / (1 + decay_rate * step / decay_steps), optional staircase.", s => s.Build(() => new InverseTimeSchedule(
            s.Number("initial_value"), s.Number("decay_rate"), s.Integer("decay_steps"), s.Boolean("staircase", false)))),
        new("inverse_sqrt", "initial_value / sqrt((step + shift) / timescale), as big_vision's rsqrt.", s => s.Build(() => new InverseSqrtSchedule(
            s.Number("initial_value"), s.Number("timescale"), s.NumberOrNull("shift")))),
        new("warmup", "Linear, cosine or exponential warmup from start_value into any schedule, whose clock starts when warmup ends.", s => s.Build(() => new WarmupSchedule(
            ScheduleSpec.Read(s.Object("schedule")), s.Integer("warmup_steps"), s.Number("start_value", 0), s.Choice("shape", WarmupShape.Linear, WarmupShapes)))),
        new("sequence", "Phases one after another, each with its own clock (optax join_schedules); the last phase is open-ended.", ReadSequence),
        new("hold", "Hold a schedule's first value for hold_steps, then run it with its clock starting at 0.", s => s.Build(() => new HoldSchedule(
            ScheduleSpec.Read(s.Object("schedule")), s.Integer("hold_steps")))),
        new("scale", "A schedule multiplied by a constant factor.", s => s.Build(() => new ScaledSchedule(
            ScheduleSpec.Read(s.Object("schedule")), s.Number("factor")))),
    ];

    /// <summary>Writes a native schedule, or returns null if the type is not one of this library's.</summary>
    public static JsonObject? Write(ILearningRateSchedule schedule) => schedule switch
    {
        ConstantSchedule c => Obj("constant", ("value", c.Value)),
        LinearSchedule l => Obj("linear", ("initial_value", l.InitialValue), ("final_value", l.FinalValue), ("transition_steps", l.TransitionSteps), ("transition_begin", l.TransitionBegin)),
        CosineSchedule c => Obj("cosine", ("initial_value", c.InitialValue), ("final_value", c.FinalValue), ("decay_steps", c.DecaySteps), ("exponent", c.Exponent), ("cycles", c.Cycles), ("periodic", c.Periodic)),
        ExponentialSchedule e => Obj("exponential", ("initial_value", e.InitialValue), ("decay_rate", e.DecayRate), ("transition_steps", e.TransitionSteps), ("transition_begin", e.TransitionBegin), ("staircase", e.Staircase), ("end_value", e.EndValue)),
        StepSchedule s => Obj("step", ("initial_value", s.InitialValue), ("step_size", s.StepSize), ("gamma", s.Gamma)),
        MultiStepSchedule m => Obj("multi_step", ("initial_value", m.InitialValue), ("milestones", Array(m.Milestones)), ("gamma", m.Gamma)),
        PiecewiseConstantSchedule p => Obj("piecewise_constant", ("boundaries", Array(p.Boundaries)), ("values", Array(p.Values)), ("boundary_mode", Name(p.BoundaryMode, BoundaryModes))),
        PiecewiseInterpolationSchedule p => Obj("piecewise_interpolation", ("boundaries", Array(p.Boundaries)), ("values", Array(p.Values)), ("interpolation", Name(p.Interpolation, Interpolations))),
        PolynomialSchedule p => Obj("polynomial", ("initial_value", p.InitialValue), ("final_value", p.FinalValue), ("decay_steps", p.DecaySteps), ("power", p.Power), ("transition_begin", p.TransitionBegin), ("cycle", p.Cycle)),
        InverseTimeSchedule i => Obj("inverse_time", ("initial_value", i.InitialValue), ("decay_rate", i.DecayRate), ("decay_steps", i.DecaySteps), ("staircase", i.Staircase)),
        InverseSqrtSchedule i => Obj("inverse_sqrt", ("initial_value", i.InitialValue), ("timescale", i.Timescale), ("shift", i.Shift)),
        WarmupSchedule w => Obj("warmup", ("warmup_steps", w.WarmupSteps), ("start_value", w.StartValue), ("shape", Name(w.Shape, WarmupShapes)), ("schedule", ScheduleSpec.Write(w.Schedule))),
        SequenceSchedule q => Obj("sequence", ("phases", new JsonArray([.. q.Phases.Select(WritePhase)]))),
        HoldSchedule h => Obj("hold", ("hold_steps", h.HoldSteps), ("schedule", ScheduleSpec.Write(h.Schedule))),
        ScaledSchedule s => Obj("scale", ("factor", s.Factor), ("schedule", ScheduleSpec.Write(s.Schedule))),
        _ => null,
    };

    private static SequenceSchedule ReadSequence(SpecObject s)
    {
        var phases = s.ObjectArray("phases").Select(p =>
        {
            var phase = p.Build(() => new SchedulePhase(ScheduleSpec.Read(p.Object("schedule")), p.IntegerOrNull("steps")));
            p.EnsureNoUnknownFields();
            return phase;
        }).ToList();
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

    private static string Name<T>(T value, (string Name, T Value)[] names)
        where T : struct, Enum
        => names.First(n => EqualityComparer<T>.Default.Equals(n.Value, value)).Name;
}
