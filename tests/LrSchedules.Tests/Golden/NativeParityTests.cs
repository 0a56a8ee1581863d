using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Golden;

/// <summary>
/// Every peer schedule of <c>peers.json</c> that the native spec format can express, written by hand as its equivalent
/// native spec, must reproduce the peer's learning rates within the golden README's tolerance — through
/// <see cref="ILearningRateSchedule.GetLearningRate"/> and through the span API.
/// </summary>
/// <remarks>
/// Conventions the translations rely on (read from each peer's source):
/// <list type="bullet">
/// <item>HF schedules are LambdaLR factors times the optimizer lr; the cosine ones are not clamped past
/// <c>num_training_steps</c> (native <c>periodic: true</c>); a warmup of <c>W</c> steps is a native <c>warmup</c>, whose
/// inner clock starts at <c>W</c>. HF inverse sqrt's <c>shift = timescale - W</c> is on the global clock, which is the
/// native default <c>shift = timescale</c> on the post-warmup clock. HF polynomial holds <c>lr_end</c> past the horizon.</item>
/// <item><c>get_cosine_with_min_lr_schedule_with_warmup_lr_rate</c> is one step ahead of the plain HF cosine: its warmup
/// reaches the peak at step <c>W - 1</c> (native warmup of <c>W - 1</c> steps) and its cosine at step <c>s</c> is at
/// progress <c>(s - W + 1) / (T - W)</c>.</item>
/// <item>optax <c>piecewise_interpolate_schedule</c> puts an implicit knot <c>(0, init_value)</c> in front and multiplies the
/// scales cumulatively; <c>piecewise_constant_schedule</c> too. optax <c>join_schedules</c> restarts each schedule's clock
/// at its boundary (native <c>sequence</c>). optax's linear/polynomial with <c>transition_steps &lt;= 0</c> is the constant
/// <c>init_value</c>.</item>
/// <item>Keras <c>PiecewiseConstantDecay</c> keeps the old value at the boundary (<c>switch_after</c>); Keras
/// <c>PolynomialDecay</c> defaults <c>end_learning_rate</c> to 1e-4.</item>
/// <item>timm warms up towards the base lr; with <c>warmup_prefix: false</c> the main schedule runs on the global clock,
/// so the translation shifts it (milestones, or a cosine knot before step 0). timm <c>MultiStepLRScheduler</c> decays one
/// step early: <c>bisect_right(decay_t, t + 1)</c>, i.e. native milestones <c>decay_t - 1</c>.</item>
/// </list>
/// </remarks>
public sealed class NativeParityTests
{
    private const string PeersFile = "peers.json";

    /// <summary>Case name → the equivalent native spec.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // ---------------------------------------------------------------- Hugging Face transformers (optimization.py)
        ["hf-constant"] = """{"type": "constant", "value": 0.1}""",
        ["hf-constant-warmup"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "constant", "value": 0.1}}""",
        ["hf-constant-warmup0"] = """{"type": "constant", "value": 0.05}""",
        ["hf-linear"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "linear", "initial_value": 0.1, "final_value": 0, "transition_steps": 90}}""",
        ["hf-linear-warmup0"] = """{"type": "linear", "initial_value": 0.01, "final_value": 0, "transition_steps": 50}""",
        // warmup == training steps: the warmup never reaches lr (24/25 at step 24), then 0. A native warmup would end at
        // its schedule's first value (0), so the ramp is a phase of its own.
        ["hf-linear-warmup-eq-total"] = """
            {"type": "sequence", "phases": [
              {"steps": 25, "schedule": {"type": "linear", "initial_value": 0, "final_value": 0.1, "transition_steps": 25}},
              {"schedule": {"type": "constant", "value": 0}}]}
            """,
        ["hf-cosine-half"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "cosine", "initial_value": 0.1, "decay_steps": 90, "cycles": 0.5, "periodic": true}}""",
        ["hf-cosine-1.5-warmup0"] = """{"type": "cosine", "initial_value": 0.1, "decay_steps": 60, "cycles": 1.5, "periodic": true}""",
        ["hf-cosine-1"] = """{"type": "warmup", "warmup_steps": 5, "schedule": {"type": "cosine", "initial_value": 0.003, "decay_steps": 45, "cycles": 1, "periodic": true}}""",
        // Hard restarts: num_cycles half-cosines of (T - W) / num_cycles steps each, then 0 (a clamped cosine holds 0).
        ["hf-hard-restarts-3"] = """
            {"type": "warmup", "warmup_steps": 10, "schedule": {"type": "sequence", "phases": [
              {"steps": 30, "schedule": {"type": "cosine", "initial_value": 0.1, "decay_steps": 30}},
              {"steps": 30, "schedule": {"type": "cosine", "initial_value": 0.1, "decay_steps": 30}},
              {"schedule": {"type": "cosine", "initial_value": 0.1, "decay_steps": 30}}]}}
            """,
        ["hf-hard-restarts-1-warmup0"] = """{"type": "cosine", "initial_value": 0.1, "decay_steps": 60}""",
        ["hf-hard-restarts-2"] = """
            {"type": "warmup", "warmup_steps": 4, "schedule": {"type": "sequence", "phases": [
              {"steps": 18, "schedule": {"type": "cosine", "initial_value": 0.02, "decay_steps": 18}},
              {"schedule": {"type": "cosine", "initial_value": 0.02, "decay_steps": 18}}]}}
            """,
        ["hf-poly-linear-default-end"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "polynomial", "initial_value": 0.1, "final_value": 1e-7, "decay_steps": 90, "power": 1}}""",
        ["hf-poly-pow2-warmup0"] = """{"type": "polynomial", "initial_value": 0.1, "final_value": 0.01, "decay_steps": 50, "power": 2}""",
        ["hf-poly-sqrt"] = """{"type": "warmup", "warmup_steps": 20, "schedule": {"type": "polynomial", "initial_value": 0.05, "final_value": 0.001, "decay_steps": 60, "power": 0.5}}""",
        // timescale defaults to num_warmup_steps (10000 when 0); HF's shift = timescale - W on the global clock is the
        // native default shift = timescale on the post-warmup clock.
        ["hf-invsqrt"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "inverse_sqrt", "initial_value": 0.1, "timescale": 10}}""",
        ["hf-invsqrt-timescale"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "inverse_sqrt", "initial_value": 0.1, "timescale": 50}}""",
        ["hf-invsqrt-warmup0-default"] = """{"type": "inverse_sqrt", "initial_value": 0.01, "timescale": 10000}""",
        ["hf-invsqrt-warmup0-timescale"] = """{"type": "inverse_sqrt", "initial_value": 0.01, "timescale": 20}""",
        ["hf-cosine-min-lr"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "cosine", "initial_value": 0.01, "final_value": 0.001, "decay_steps": 90, "periodic": true}}""",
        ["hf-cosine-min-lr-rate-1.5"] = """{"type": "cosine", "initial_value": 0.1, "final_value": 0.02, "decay_steps": 50, "cycles": 1.5, "periodic": true}""",
        // warmup_lr_rate unset: (s + 1) / W for s < W, i.e. a W - 1 step ramp from lr / W; the cosine is one step ahead.
        ["hf-cosine-warmup-lr-rate-default"] = """{"type": "warmup", "warmup_steps": 9, "start_value": 0.01, "schedule": {"type": "cosine", "initial_value": 0.1, "final_value": 0.01, "decay_steps": 90, "periodic": true}}""",
        // warmup_lr_rate set: r + (1 - r) s / (W - 1), a W - 1 step ramp from r * lr.
        ["hf-cosine-warmup-lr-rate-set"] = """{"type": "warmup", "warmup_steps": 9, "start_value": 0.001, "schedule": {"type": "cosine", "initial_value": 0.01, "final_value": 0.001, "decay_steps": 90, "periodic": true}}""",
        // W = 0: the cosine is one step ahead of the clock, cos(pi (s + 1) / T). Native schedules have no step offset, so
        // this is a cosine interpolation through knots at -1, T - 1 and 2T - 1: exact up to step 2T - 1 = 79 (the golden
        // case has 50 steps); HF keeps oscillating after that, this spec holds lr.
        ["hf-cosine-warmup-lr-rate-w0"] = """{"type": "piecewise_interpolation", "boundaries": [-1, 39, 79], "values": [0.1, 0, 0.1], "interpolation": "cosine"}""",
        // WSD (linear/cosine shapes): warmup from min_lr_ratio * lr, hold lr for the stable steps, decay, then min.
        ["hf-wsd-lin-cos"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "hold", "hold_steps": 70, "schedule": {"type": "cosine", "initial_value": 0.1, "decay_steps": 20}}}""",
        ["hf-wsd-cos-lin-stable"] = """{"type": "warmup", "warmup_steps": 10, "start_value": 0.01, "shape": "cosine", "schedule": {"type": "hold", "hold_steps": 30, "schedule": {"type": "linear", "initial_value": 0.1, "final_value": 0.01, "transition_steps": 20}}}""",
        ["hf-wsd-w0-cos-cycles1"] = """
            {"type": "hold", "hold_steps": 30, "schedule": {"type": "sequence", "phases": [
              {"steps": 30, "schedule": {"type": "cosine", "initial_value": 0.1, "decay_steps": 30, "cycles": 1}},
              {"schedule": {"type": "constant", "value": 0}}]}}
            """,
        ["hf-wsd-both-given"] = """{"type": "warmup", "warmup_steps": 4, "start_value": 0.02, "schedule": {"type": "hold", "hold_steps": 6, "schedule": {"type": "cosine", "initial_value": 0.1, "final_value": 0.02, "decay_steps": 10}}}""",

        // ---------------------------------------------------------------- timm (scheduler/*.py)
        ["timm-step"] = """{"type": "step", "initial_value": 0.1, "step_size": 10, "gamma": 0.5}""",
        ["timm-step-warmup-prefix"] = """{"type": "warmup", "warmup_steps": 5, "start_value": 0.0001, "schedule": {"type": "step", "initial_value": 0.1, "step_size": 7, "gamma": 0.8}}""",
        // No prefix: 0.1 * 0.8^(t // 7) on the global clock, i.e. two more steps of 0.1 after the warmup, then decays every 7.
        ["timm-step-warmup-noprefix"] = """
            {"type": "warmup", "warmup_steps": 5, "start_value": 0.0001, "schedule": {"type": "sequence", "phases": [
              {"steps": 2, "schedule": {"type": "constant", "value": 0.1}},
              {"schedule": {"type": "step", "initial_value": 0.08, "step_size": 7, "gamma": 0.8}}]}}
            """,
        ["timm-multistep"] = """{"type": "multi_step", "initial_value": 0.1, "milestones": [9, 24, 39], "gamma": 0.1}""",
        ["timm-multistep-warmup"] = """{"type": "warmup", "warmup_steps": 3, "start_value": 0.001, "schedule": {"type": "multi_step", "initial_value": 0.05, "milestones": [4, 14], "gamma": 0.5}}""",
        // No prefix: global milestones [4, 14] seen from the post-warmup clock (starts at 3).
        ["timm-multistep-warmup-noprefix"] = """{"type": "warmup", "warmup_steps": 3, "start_value": 0.001, "schedule": {"type": "multi_step", "initial_value": 0.05, "milestones": [1, 11], "gamma": 0.5}}""",
        ["timm-cosine-warmup-prefix"] = """{"type": "warmup", "warmup_steps": 5, "start_value": 1e-5, "schedule": {"type": "cosine", "initial_value": 0.1, "final_value": 0.0001, "decay_steps": 50}}""",
        // No prefix: the warmup aims at the base lr, the cosine runs on the global clock (knot at -5 on the phase clock).
        ["timm-cosine-warmup"] = """
            {"type": "sequence", "phases": [
              {"steps": 5, "schedule": {"type": "linear", "initial_value": 1e-5, "final_value": 0.1, "transition_steps": 5}},
              {"schedule": {"type": "piecewise_interpolation", "boundaries": [-5, 45], "values": [0.1, 0.0001], "interpolation": "cosine"}}]}
            """,
        ["timm-cosine-updates"] = """
            {"type": "sequence", "phases": [
              {"steps": 10, "schedule": {"type": "linear", "initial_value": 1e-6, "final_value": 0.001, "transition_steps": 10}},
              {"schedule": {"type": "piecewise_interpolation", "boundaries": [-10, 90], "values": [0.001, 1e-5], "interpolation": "cosine"}}]}
            """,
        // cycle_limit bounds the restarts, so they unroll into a finite sequence: lengths 20, 40, 80; peaks 0.1, 0.05, 0.025.
        ["timm-cosine-mul2-decay-limit3"] = """
            {"type": "warmup", "warmup_steps": 3, "start_value": 0.0001, "schedule": {"type": "sequence", "phases": [
              {"steps": 20, "schedule": {"type": "cosine", "initial_value": 0.1, "final_value": 0.001, "decay_steps": 20}},
              {"steps": 40, "schedule": {"type": "cosine", "initial_value": 0.05, "final_value": 0.001, "decay_steps": 40}},
              {"schedule": {"type": "cosine", "initial_value": 0.025, "final_value": 0.001, "decay_steps": 80}}]}}
            """,
        ["timm-poly"] = """{"type": "polynomial", "initial_value": 0.1, "final_value": 0, "decay_steps": 50, "power": 0.5}""",
        ["timm-poly-mul1.5-limit2"] = """
            {"type": "warmup", "warmup_steps": 2, "schedule": {"type": "sequence", "phases": [
              {"steps": 20, "schedule": {"type": "polynomial", "initial_value": 0.02, "final_value": 0, "decay_steps": 20}},
              {"schedule": {"type": "polynomial", "initial_value": 0.01, "final_value": 0, "decay_steps": 30}}]}}
            """,

        // ---------------------------------------------------------------- optax (schedules/_schedule.py, _join.py)
        ["optax-constant"] = """{"type": "constant", "value": 0.3}""",
        ["optax-linear"] = """{"type": "linear", "initial_value": 0.1, "final_value": 0.001, "transition_steps": 50}""",
        ["optax-linear-begin-up"] = """{"type": "linear", "initial_value": 0, "final_value": 0.2, "transition_steps": 20, "transition_begin": 10}""",
        ["optax-poly-pow2"] = """{"type": "polynomial", "initial_value": 1, "final_value": 0.01, "decay_steps": 100, "power": 2}""",
        ["optax-poly-sqrt-begin"] = """{"type": "polynomial", "initial_value": 0.1, "final_value": 0, "decay_steps": 40, "power": 0.5, "transition_begin": 5}""",
        // transition_steps <= 0: optax returns the constant init_value.
        ["optax-poly-zero-steps"] = """{"type": "constant", "value": 0.05}""",
        ["optax-cosine"] = """{"type": "cosine", "initial_value": 0.1, "decay_steps": 50}""",
        ["optax-cosine-alpha-exp2"] = """{"type": "cosine", "initial_value": 0.1, "final_value": 0.01, "decay_steps": 40, "exponent": 2}""",
        ["optax-cosine-exp0.5"] = """{"type": "cosine", "initial_value": 1, "decay_steps": 30, "exponent": 0.5}""",
        ["optax-warmup-cosine"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "cosine", "initial_value": 0.1, "final_value": 0.001, "decay_steps": 90}}""",
        ["optax-warmup-cosine-w0"] = """{"type": "cosine", "initial_value": 0.1, "decay_steps": 50}""",
        ["optax-warmup-cosine-exp2"] = """{"type": "warmup", "warmup_steps": 5, "start_value": 0.01, "schedule": {"type": "cosine", "initial_value": 0.2, "final_value": 0.02, "decay_steps": 40, "exponent": 2}}""",
        ["optax-exp"] = """{"type": "exponential", "initial_value": 0.1, "decay_rate": 0.5, "transition_steps": 10}""",
        ["optax-exp-stair-begin"] = """{"type": "exponential", "initial_value": 0.1, "decay_rate": 0.8, "transition_steps": 7, "transition_begin": 5, "staircase": true}""",
        ["optax-exp-end-floor"] = """{"type": "exponential", "initial_value": 0.1, "decay_rate": 0.7, "transition_steps": 5, "end_value": 0.01}""",
        ["optax-exp-grow-cap"] = """{"type": "exponential", "initial_value": 0.01, "decay_rate": 1.2, "transition_steps": 4, "transition_begin": 3, "end_value": 0.05}""",
        ["optax-piecewise-const"] = """{"type": "piecewise_constant", "boundaries": [10, 25, 40], "values": [0.1, 0.05, 0.01, 0.001]}""",
        ["optax-piecewise-const-up"] = """{"type": "piecewise_constant", "boundaries": [5, 30], "values": [0.01, 0.1, 0]}""",
        ["optax-piecewise-interp-linear"] = """{"type": "piecewise_interpolation", "boundaries": [0, 10, 30, 35], "values": [0.1, 0.05, 0.005, 0.02]}""",
        // The scale at boundary 0 coincides with the implicit knot at 0: the curve starts at 0.01 * 2.
        ["optax-piecewise-interp-cosine"] = """{"type": "piecewise_interpolation", "boundaries": [0, 20, 50], "values": [0.02, 0.1, 0.001], "interpolation": "cosine"}""",
        ["optax-sgdr"] = """
            {"type": "sequence", "phases": [
              {"steps": 30, "schedule": {"type": "warmup", "warmup_steps": 5, "schedule": {"type": "cosine", "initial_value": 0.1, "final_value": 0.001, "decay_steps": 25}}},
              {"steps": 40, "schedule": {"type": "warmup", "warmup_steps": 5, "start_value": 0.001, "schedule": {"type": "cosine", "initial_value": 0.05, "decay_steps": 35}}},
              {"schedule": {"type": "cosine", "initial_value": 0.02, "decay_steps": 20}}]}
            """,
        ["optax-sgdr-single"] = """{"type": "warmup", "warmup_steps": 10, "start_value": 0.01, "schedule": {"type": "cosine", "initial_value": 0.1, "decay_steps": 40, "exponent": 2}}""",
        ["optax-join-linear-cosine"] = """
            {"type": "sequence", "phases": [
              {"steps": 10, "schedule": {"type": "linear", "initial_value": 0, "final_value": 0.1, "transition_steps": 10}},
              {"schedule": {"type": "cosine", "initial_value": 0.1, "final_value": 0.005, "decay_steps": 40}}]}
            """,
        ["optax-join-three"] = """
            {"type": "sequence", "phases": [
              {"steps": 10, "schedule": {"type": "constant", "value": 0.05}},
              {"steps": 20, "schedule": {"type": "exponential", "initial_value": 0.05, "decay_rate": 0.5, "transition_steps": 5}},
              {"schedule": {"type": "linear", "initial_value": 0.01, "final_value": 0, "transition_steps": 20}}]}
            """,
        // The one-cycle schedules are piecewise_interpolate_schedule with knots at 0, int(pct * T) and T.
        ["optax-cosine-onecycle"] = """{"type": "piecewise_interpolation", "boundaries": [0, 30, 100], "values": [0.004, 0.1, 4e-7], "interpolation": "cosine"}""",
        ["optax-cosine-onecycle-custom"] = """{"type": "piecewise_interpolation", "boundaries": [0, 9, 37], "values": [0.05, 0.5, 0.0005], "interpolation": "cosine"}""",
        ["optax-linear-onecycle"] = """{"type": "piecewise_interpolation", "boundaries": [0, 30, 85, 100], "values": [0.004, 0.1, 0.004, 4e-7]}""",
        ["optax-linear-onecycle-custom"] = """{"type": "piecewise_interpolation", "boundaries": [0, 8, 28, 41], "values": [0.04, 0.2, 0.04, 0.0008]}""",
        ["optax-warmup-constant"] = """{"type": "linear", "initial_value": 0, "final_value": 0.1, "transition_steps": 10}""",
        // warmup_steps = 0: linear_schedule with transition_steps 0 is the constant init_value (not peak_value).
        ["optax-warmup-constant-w0"] = """{"type": "constant", "value": 0.01}""",
        ["optax-warmup-exp"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "exponential", "initial_value": 0.1, "decay_rate": 0.5, "transition_steps": 10}}""",
        ["optax-warmup-exp-stair-begin-end"] = """{"type": "warmup", "warmup_steps": 5, "start_value": 0.001, "schedule": {"type": "exponential", "initial_value": 0.1, "decay_rate": 0.7, "transition_steps": 6, "transition_begin": 4, "staircase": true, "end_value": 0.02}}""",

        // ---------------------------------------------------------------- Keras 3 (learning_rate_schedule.py)
        ["keras-exp"] = """{"type": "exponential", "initial_value": 0.1, "decay_rate": 0.5, "transition_steps": 10}""",
        ["keras-exp-staircase"] = """{"type": "exponential", "initial_value": 0.1, "decay_rate": 0.9, "transition_steps": 7, "staircase": true}""",
        ["keras-piecewise"] = """{"type": "piecewise_constant", "boundaries": [10, 25], "values": [0.1, 0.05, 0.01], "boundary_mode": "switch_after"}""",
        ["keras-piecewise-one"] = """{"type": "piecewise_constant", "boundaries": [5], "values": [1, 0.5], "boundary_mode": "switch_after"}""",
        ["keras-poly"] = """{"type": "polynomial", "initial_value": 0.1, "final_value": 0.0001, "decay_steps": 50}""",
        ["keras-poly-pow2-cycle"] = """{"type": "polynomial", "initial_value": 0.1, "final_value": 0.001, "decay_steps": 20, "power": 2, "cycle": true}""",
        ["keras-poly-sqrt"] = """{"type": "polynomial", "initial_value": 0.05, "final_value": 0, "decay_steps": 30, "power": 0.5}""",
        ["keras-inverse-time"] = """{"type": "inverse_time", "initial_value": 0.1, "decay_rate": 0.5, "decay_steps": 10}""",
        ["keras-inverse-time-staircase"] = """{"type": "inverse_time", "initial_value": 0.1, "decay_rate": 1, "decay_steps": 6, "staircase": true}""",
        ["keras-cosine"] = """{"type": "cosine", "initial_value": 0.1, "decay_steps": 50}""",
        ["keras-cosine-alpha"] = """{"type": "cosine", "initial_value": 0.1, "final_value": 0.01, "decay_steps": 40}""",
        ["keras-cosine-warmup"] = """{"type": "warmup", "warmup_steps": 10, "schedule": {"type": "cosine", "initial_value": 0.1, "final_value": 0.001, "decay_steps": 50}}""",
        // warmup_target with warmup_steps = 0: the decay starts from warmup_target.
        ["keras-cosine-warmup0-target"] = """{"type": "cosine", "initial_value": 0.2, "decay_steps": 30}""",
    };

    /// <summary>Cases of peers.json with no native equivalent today, and why.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["hf-wsd-sqrt-sqrt"] = "needs 1-sqrt warmup (1 - sqrt(1 - p)) and 1-sqrt decay (1 - sqrt(p)) shapes",
        ["timm-cosine-kdecay2-restarts"] = "needs k_decay (cos(pi t^k / T^k))",
        ["timm-poly-pow2-kdecay"] = "needs k_decay ((1 - t^k / T^k)^power)",
        ["timm-tanh"] = "needs a tanh schedule",
        ["timm-tanh-warmup-limit2"] = "needs a tanh schedule",
        ["timm-tanh-mul2-prefix"] = "needs a tanh schedule",
        ["timm-plateau-min"] = "metric-driven (reduce on plateau), not a function of the step",
        ["timm-plateau-max-warmup"] = "metric-driven (reduce on plateau), not a function of the step",
        ["keras-restarts-t2"] = "needs unbounded cosine restarts (t_mul 2)",
        ["keras-restarts-t1-m0.5-alpha"] = "needs unbounded cosine restarts (t_mul 1, m_mul 0.5)",
        ["keras-restarts-t1.5-m0.8"] = "needs unbounded cosine restarts (t_mul 1.5, m_mul 0.8)",
    };

    /// <summary>Cases compared with an absolute tolerance because a square root amplifies the peer's rounding near 0.</summary>
    private static readonly Dictionary<string, double> AbsoluteTolerance = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        // optax computes cos(pi * 30 / 30) = -1 + 2^-53, so the floor is sqrt(2^-54) = 7.45e-9 instead of 0.
        ["optax-cosine-exp0.5"] = 1e-8,
    };

    // Extra cases beyond the required scope, all expressible by composition.
    private static readonly string[] ExtraCases =
    [
        "hf-hard-restarts-3", "hf-hard-restarts-1-warmup0", "hf-hard-restarts-2",
        "hf-wsd-lin-cos", "hf-wsd-cos-lin-stable", "hf-wsd-w0-cos-cycles1", "hf-wsd-both-given",
        "timm-cosine-updates", "timm-cosine-mul2-decay-limit3", "timm-poly", "timm-poly-mul1.5-limit2",
        "optax-cosine-onecycle", "optax-cosine-onecycle-custom", "optax-linear-onecycle", "optax-linear-onecycle-custom",
    ];

    private static readonly string[] RequiredHf =
    [
        "hf-constant", "hf-constant-warmup", "hf-constant-warmup0",
        "hf-linear", "hf-linear-warmup0", "hf-linear-warmup-eq-total",
        "hf-cosine-half", "hf-cosine-1.5-warmup0", "hf-cosine-1",
        "hf-poly-linear-default-end", "hf-poly-pow2-warmup0", "hf-poly-sqrt",
        "hf-invsqrt", "hf-invsqrt-timescale", "hf-invsqrt-warmup0-default", "hf-invsqrt-warmup0-timescale",
        "hf-cosine-min-lr", "hf-cosine-min-lr-rate-1.5",
        "hf-cosine-warmup-lr-rate-default", "hf-cosine-warmup-lr-rate-set", "hf-cosine-warmup-lr-rate-w0",
    ];

    private static readonly string[] RequiredTimm =
    [
        "timm-step", "timm-multistep",
        "timm-step-warmup-prefix", "timm-step-warmup-noprefix",
        "timm-multistep-warmup", "timm-multistep-warmup-noprefix",
        "timm-cosine-warmup", "timm-cosine-warmup-prefix",
    ];

    public static TheoryData<string> CaseNames => [.. Table.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// The required scope: every optax-* case but the one-cycle ones, every keras-* case but the restarts, and the listed
    /// hf-* and timm-* cases. The optax and keras parts are read from peers.json, so a new case there must join the table.
    /// </summary>
    private static IEnumerable<string> RequiredCases()
        => GoldenData.Cases(PeersFile).Select(c => c.Name).Where(n =>
                (n.StartsWith("optax-", StringComparison.Ordinal) && !n.Contains("onecycle", StringComparison.Ordinal))
                || (n.StartsWith("keras-", StringComparison.Ordinal) && !n.StartsWith("keras-restarts-", StringComparison.Ordinal)))
            .Concat(RequiredHf)
            .Concat(RequiredTimm);

    [Fact]
    public void Table_covers_exactly_the_intended_cases()
    {
        var intended = RequiredCases().Concat(ExtraCases).ToList();
        intended.Should().OnlyHaveUniqueItems();
        Table.Keys.Should().BeEquivalentTo(intended);
    }

    [Fact]
    public void Every_peer_case_is_either_in_the_table_or_excluded_with_a_reason()
    {
        var all = GoldenData.Cases(PeersFile).Select(c => c.Name).ToList();
        Table.Keys.Intersect(Excluded.Keys).Should().BeEmpty();
        Table.Keys.Concat(Excluded.Keys).Should().BeEquivalentTo(all);
        Excluded.Values.Should().OnlyContain(reason => reason.Length > 0);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Native_spec_matches_peer_step_by_step(string name)
    {
        var golden = GoldenData.Case(PeersFile, name);
        var schedule = ScheduleSpec.Parse(Table[name]);
        var expected = golden.Lrs[0];

        var actual = new double[golden.Steps];
        for (int k = 0; k < actual.Length; k++)
        {
            actual[k] = schedule.GetLearningRate(k);
        }

        AssertClose(name, expected, actual, "GetLearningRate");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Native_spec_matches_peer_through_the_span_api(string name)
    {
        var golden = GoldenData.Case(PeersFile, name);
        var schedule = ScheduleSpec.Parse(Table[name]);
        var expected = golden.Lrs[0];

        var whole = new double[golden.Steps];
        schedule.Evaluate(0, whole);
        AssertClose(name, expected, whole, "Evaluate(0, span)");

        // In uneven chunks, so that chunk edges fall inside and across phases of the composites.
        var chunked = new double[golden.Steps];
        for (int start = 0, size = 1; start < chunked.Length; start += size, size = (size % 7) + 3)
        {
            int n = Math.Min(size, chunked.Length - start);
            schedule.Evaluate(start, chunked.AsSpan(start, n));
        }

        AssertClose(name, expected, chunked, "Evaluate in chunks");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Native_spec_round_trips(string name)
    {
        var schedule = ScheduleSpec.Parse(Table[name]);
        var again = ScheduleSpec.Parse(ScheduleSpec.ToJson(schedule));

        again.Should().Be(schedule);
        ScheduleSpec.ToJson(again).Should().Be(ScheduleSpec.ToJson(schedule));
    }

    /// <summary>The native type names used by the table, for reports: the outermost type and every nested one.</summary>
    internal static string TypesUsed(string name)
        => string.Join(" > ", Regex.Matches(Table[name], "\"type\":\\s*\"([a-z_]+)\"").Select(m => m.Groups[1].Value).Distinct());

    private static void AssertClose(string name, double[] expected, double[] actual, string how)
    {
        actual.Length.Should().Be(expected.Length);
        double? absolute = AbsoluteTolerance.TryGetValue(name, out var abs) ? abs : null;
        var failures = new List<string>();
        for (int k = 0; k < expected.Length; k++)
        {
            double a = actual[k], b = expected[k];
            double diff = Math.Abs(a - b);
            bool ok = absolute is double tol
                ? diff <= tol
                : diff <= (1e-12 * Math.Max(Math.Abs(a), Math.Abs(b))) + 1e-15;
            if (!ok || !double.IsFinite(a))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"step {k}: native {a:R}, peer {b:R}, |diff| {diff:R}"));
            }
        }

        failures.Should().BeEmpty("{0} ({1}) must match the peer within the golden tolerance; types: {2}", name, how, TypesUsed(name));
    }
}
