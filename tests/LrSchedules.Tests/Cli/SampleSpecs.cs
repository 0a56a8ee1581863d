namespace LrSchedules.Tests.Cli;

/// <summary>One small valid spec per native spec type, exercising its optional fields.</summary>
internal static class SampleSpecs
{
    public static IReadOnlyDictionary<string, string[]> ByType { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["constant"] = ["""{"type":"constant","value":0.003}"""],
        ["linear"] =
        [
            """{"type":"linear","initial_value":0.1,"final_value":0.001,"transition_steps":17}""",
            """{"type":"linear","initial_value":0,"final_value":0.3,"transition_steps":7,"transition_begin":5}""",
        ],
        ["cosine"] =
        [
            """{"type":"cosine","initial_value":0.1,"decay_steps":10}""",
            """{"type":"cosine","initial_value":0.1,"decay_steps":13,"final_value":1e-5,"exponent":2,"cycles":1.5,"periodic":true}""",
        ],
        ["exponential"] =
        [
            """{"type":"exponential","initial_value":0.1,"decay_rate":0.5,"transition_steps":3}""",
            """{"type":"exponential","initial_value":0.1,"decay_rate":0.9,"transition_steps":4,"transition_begin":2,"staircase":true,"end_value":0.05}""",
        ],
        ["step"] = ["""{"type":"step","initial_value":0.1,"step_size":7,"gamma":0.1}"""],
        ["multi_step"] = ["""{"type":"multi_step","initial_value":0.1,"milestones":[3,9,9,20],"gamma":0.3}"""],
        ["piecewise_constant"] =
        [
            """{"type":"piecewise_constant","boundaries":[5,12],"values":[0.1,0.01,0.001]}""",
            """{"type":"piecewise_constant","boundaries":[5,12],"values":[0.1,0.01,0.001],"boundary_mode":"switch_after"}""",
        ],
        ["piecewise_interpolation"] =
        [
            """{"type":"piecewise_interpolation","boundaries":[0,10,30],"values":[0,0.1,0.002]}""",
            """{"type":"piecewise_interpolation","boundaries":[2,10,30],"values":[0,0.1,0.002],"interpolation":"cosine"}""",
        ],
        ["polynomial"] =
        [
            """{"type":"polynomial","initial_value":0.1,"final_value":0.001,"decay_steps":20}""",
            """{"type":"polynomial","initial_value":0.1,"final_value":0.001,"decay_steps":9,"power":2,"transition_begin":3,"cycle":true}""",
        ],
        ["inverse_time"] =
        [
            """{"type":"inverse_time","initial_value":0.1,"decay_rate":0.5,"decay_steps":4}""",
            """{"type":"inverse_time","initial_value":0.1,"decay_rate":0.5,"decay_steps":4,"staircase":true}""",
        ],
        ["inverse_sqrt"] =
        [
            """{"type":"inverse_sqrt","initial_value":0.01,"timescale":10}""",
            """{"type":"inverse_sqrt","initial_value":0.01,"timescale":10,"shift":3}""",
        ],
        ["warmup"] =
        [
            """{"type":"warmup","warmup_steps":10,"schedule":{"type":"cosine","initial_value":0.1,"decay_steps":30,"final_value":1e-4}}""",
            """{"type":"warmup","warmup_steps":8,"start_value":1e-6,"shape":"exponential","schedule":{"type":"constant","value":0.02}}""",
            """{"type":"warmup","warmup_steps":12,"start_value":0.001,"shape":"logarithmic","schedule":{"type":"constant","value":0.02}}""",
            """{"type":"warmup","warmup_steps":8,"start_value":0.001,"shape":"cosine","schedule":{"type":"step","initial_value":0.1,"step_size":5,"gamma":0.5}}""",
        ],
        ["sequence"] =
        [
            """{"type":"sequence","phases":[{"steps":5,"schedule":{"type":"linear","initial_value":0,"final_value":0.1,"transition_steps":5}},{"steps":10,"schedule":{"type":"constant","value":0.1}},{"schedule":{"type":"cosine","initial_value":0.1,"decay_steps":20}}]}""",
        ],
        ["hold"] = ["""{"type":"hold","hold_steps":6,"schedule":{"type":"exponential","initial_value":0.1,"decay_rate":0.8,"transition_steps":2}}"""],
        ["scale"] = ["""{"type":"scale","factor":0.25,"schedule":{"type":"cosine","initial_value":0.4,"decay_steps":25}}"""],
        ["shift"] = ["""{"type":"shift","offset":5,"schedule":{"type":"linear","initial_value":0.1,"final_value":0,"transition_steps":30}}"""],
        ["anneal"] =
        [
            """{"type":"anneal","initial_value":0.1,"final_value":0.001,"steps":40,"shape":"one_minus_sqrt"}""",
            """{"type":"anneal","initial_value":0.1,"final_value":0.001,"steps":40,"shape":"exponential","half_life":6}""",
            """{"type":"anneal","initial_value":0.1,"final_value":0.001,"steps":40,"shape":"shifted_exponential"}""",
        ],
        ["restarts"] =
        [
            """{"type":"restarts","peak_value":0.1,"period":5,"period_multiplier":2,"floor_value":0.001}""",
            """{"type":"restarts","peak_value":0.1,"period":7.5,"period_multiplier":1.5,"peak_decay":0.5,"cycle_limit":3,"shape":"tanh","cycle_warmup_steps":2}""",
        ],
        ["one_cycle"] = ["""{"type":"one_cycle","max_value":0.1,"total_steps":50,"three_phase":true,"anneal":"linear"}"""],
        ["cyclic"] = ["""{"type":"cyclic","base_value":0.001,"max_value":0.01,"steps_up":4,"steps_down":6,"mode":"triangular2"}"""],
        ["warmup_stable_decay"] = ["""{"type":"warmup_stable_decay","peak_value":0.1,"warmup_steps":5,"stable_steps":20,"decay_steps":15,"final_ratio":0.1,"decay_shape":"cosine"}"""],
        ["infinite"] = ["""{"type":"infinite","peak_value":0.001,"warmup_steps":5,"cooldown_steps":10,"constant_value":0.0001,"constant_steps":30,"anneal_steps":10,"final_value":0.00001}"""],
        ["plateau"] = ["""{"type":"plateau","initial_value":0.1,"metrics":[1,0.9,0.9,0.9,0.9,0.8],"patience":1,"factor":0.5}"""],
        ["product"] = ["""{"type":"product","schedule":{"type":"cosine","initial_value":0.1,"decay_steps":40},"multiplier":{"type":"linear","initial_value":0,"final_value":1,"transition_steps":10}}"""],
        ["floor"] = ["""{"type":"floor","floor_value":0.02,"schedule":{"type":"exponential","initial_value":0.1,"decay_rate":0.5,"transition_steps":5}}"""],
        ["ramp"] =
        [
            """{"type":"ramp","initial_value":0.0001,"rate":0.5,"step_size":10}""",
            """{"type":"ramp","initial_value":0.0001,"rate":2,"step_size":7,"staircase":true}""",
        ],
    };
}
