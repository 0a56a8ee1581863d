"""Generates Golden/Own/deepspeed.json and Golden/Own/megatron.json by RUNNING the frameworks' own scheduler code.

Usage: /usr/bin/python3 deepspeed_megatron.py <lr_schedules.py> <optimizer_param_scheduler.py> <output dir>

  lr_schedules.py            microsoft/DeepSpeed@38327e07f6cd39b63418f60cedd1651b0be3e7c3 deepspeed/runtime/lr_schedules.py
  optimizer_param_scheduler  NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553 megatron/core/optimizer_param_scheduler.py

Needs torch (1.13 was used) for a real torch.optim optimizer over one parameter. Stubs only for imports the schedules'
values do not depend on: deepspeed.utils.logger (DeepSpeed) and megatron.core.utils.log_single_rank (Megatron).
"""
import importlib.util
import json
import logging
import sys
import types

import torch

ds_path, megatron_path, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]

# --- stubs -----------------------------------------------------------------------------------------------------------
deepspeed = types.ModuleType("deepspeed")
ds_utils = types.ModuleType("deepspeed.utils")
ds_utils.logger = logging.getLogger("deepspeed-stub")
deepspeed.utils = ds_utils
sys.modules["deepspeed"] = deepspeed
sys.modules["deepspeed.utils"] = ds_utils

megatron = types.ModuleType("megatron")
mcore = types.ModuleType("megatron.core")
mutils = types.ModuleType("megatron.core.utils")
mutils.log_single_rank = lambda logger, level, msg: None
megatron.core = mcore
mcore.utils = mutils
sys.modules["megatron"] = megatron
sys.modules["megatron.core"] = mcore
sys.modules["megatron.core.utils"] = mutils


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ds = load("ds_lr_schedules", ds_path)
mg = load("megatron_optimizer_param_scheduler", megatron_path)


def optimizer(kind="SGD", lr=0.1):
    p = torch.nn.Parameter(torch.zeros(1))
    if kind == "Adam":
        return torch.optim.Adam([p], lr=lr, betas=(0.9, 0.999))
    return torch.optim.SGD([p], lr=lr, momentum=0.9)


# --- DeepSpeed -------------------------------------------------------------------------------------------------------
DS_CALL = ("lrs[k] = optimizer param_groups[0]['lr'] after construction and k calls of step() (the engine steps the "
           "scheduler after every optimizer step)")
DS_CALL_MOM = DS_CALL + "; momentums[k] = param_groups[0]['betas'][0] (torch.optim.Adam, cycle_momentum on)"


def ds_case(name, cls, params, steps, lr=None, adam=False):
    opt = optimizer("Adam" if adam else "SGD", lr if lr is not None else 0.1)
    sched = getattr(ds, cls)(opt, **params)
    lrs, moms = [], []
    for k in range(steps):
        if k > 0:
            sched.step()
        lrs.append(float(opt.param_groups[0]["lr"]))
        moms.append(float(opt.param_groups[0]["betas"][0]) if adam else None)
    spec = {"type": "deepspeed." + cls}
    if lr is not None:
        spec["lr"] = lr
    spec["args"] = params
    case = {"name": "own-deepspeed-" + name, "spec": spec, "steps": steps, "lrs": [lrs]}
    if adam and params.get("cycle_momentum", True):
        case["momentums"] = [moms]
        case["call"] = DS_CALL_MOM
    else:
        case["call"] = DS_CALL
    case["transcribed"] = False
    return case


ds_cases = [
    ds_case("warmup-log", "WarmupLR", {"warmup_min_lr": 0.0, "warmup_max_lr": 0.001, "warmup_num_steps": 100, "warmup_type": "log"}, 200),
    ds_case("warmup-log-min", "WarmupLR", {"warmup_min_lr": 1e-05, "warmup_max_lr": 0.002, "warmup_num_steps": 37}, 120),
    ds_case("warmup-linear", "WarmupLR", {"warmup_min_lr": 1e-05, "warmup_max_lr": 0.001, "warmup_num_steps": 60, "warmup_type": "linear"}, 150),
    ds_case("warmup-linear-falling", "WarmupLR", {"warmup_min_lr": 0.003, "warmup_max_lr": 0.001, "warmup_num_steps": 40, "warmup_type": "linear"}, 100),
    ds_case("warmup-one-step", "WarmupLR", {"warmup_min_lr": 0.0, "warmup_max_lr": 0.001, "warmup_num_steps": 1, "warmup_type": "log"}, 20),
    ds_case("warmup-zero-steps-linear", "WarmupLR", {"warmup_max_lr": 0.001, "warmup_num_steps": 0, "warmup_type": "linear"}, 20),
    ds_case("warmup-defaults", "WarmupLR", {}, 1100),
    ds_case("warmup-decay-log", "WarmupDecayLR", {"total_num_steps": 300, "warmup_min_lr": 0.0, "warmup_max_lr": 0.001, "warmup_num_steps": 50}, 360),
    ds_case("warmup-decay-linear-min", "WarmupDecayLR", {"total_num_steps": 250, "warmup_min_lr": 2e-05, "warmup_max_lr": 0.0005, "warmup_num_steps": 30, "warmup_type": "linear"}, 300),
    ds_case("warmup-decay-total-below-warmup", "WarmupDecayLR", {"total_num_steps": 20, "warmup_min_lr": 1e-05, "warmup_max_lr": 0.001, "warmup_num_steps": 40, "warmup_type": "linear"}, 80),
    ds_case("warmup-decay-total-equals-warmup", "WarmupDecayLR", {"total_num_steps": 40, "warmup_max_lr": 0.001, "warmup_num_steps": 40}, 80),
    ds_case("warmup-cosine-log", "WarmupCosineLR", {"total_num_steps": 400, "warmup_num_steps": 40}, 500, lr=0.001),
    ds_case("warmup-cosine-linear-ratios", "WarmupCosineLR", {"total_num_steps": 300, "warmup_min_ratio": 0.1, "warmup_num_steps": 30, "cos_min_ratio": 0.2, "warmup_type": "linear"}, 700, lr=0.003),
    ds_case("warmup-cosine-total-below-warmup", "WarmupCosineLR", {"total_num_steps": 30, "warmup_min_ratio": 0.0, "warmup_num_steps": 50, "cos_min_ratio": 0.0, "warmup_type": "linear"}, 200, lr=0.002),
    ds_case("warmup-cosine-zero-warmup", "WarmupCosineLR", {"total_num_steps": 100, "warmup_num_steps": 0, "cos_min_ratio": 0.01, "warmup_type": "log"}, 250, lr=0.01),
    ds_case("one-cycle-no-decay", "OneCycle", {"cycle_min_lr": 0.0001, "cycle_max_lr": 0.001, "cycle_first_step_size": 50, "cycle_momentum": False}, 200),
    ds_case("one-cycle-decay", "OneCycle", {"cycle_min_lr": 0.0002, "cycle_max_lr": 0.002, "decay_lr_rate": 0.5, "cycle_first_step_size": 40, "cycle_second_step_size": 60, "decay_step_size": 10, "cycle_momentum": False}, 300),
    ds_case("one-cycle-momentum", "OneCycle", {"cycle_min_lr": 0.0001, "cycle_max_lr": 0.001, "decay_lr_rate": 0.1, "cycle_first_step_size": 30, "cycle_second_step_size": 50, "decay_step_size": 20, "cycle_momentum": True, "cycle_min_mom": 0.85, "cycle_max_mom": 0.95, "decay_mom_rate": 0.001}, 250, adam=True),
    ds_case("one-cycle-momentum-defaults", "OneCycle", {"cycle_min_lr": 0.0001, "cycle_max_lr": 0.001, "cycle_first_step_size": 25, "cycle_first_stair_count": 5, "cycle_second_stair_count": 3}, 120, adam=True),
    ds_case("one-cycle-second-zero", "OneCycle", {"cycle_min_lr": 0.0001, "cycle_max_lr": 0.001, "cycle_first_step_size": 40, "cycle_second_step_size": 0, "decay_lr_rate": 0.2, "decay_step_size": 5, "cycle_momentum": False}, 120),
    ds_case("one-cycle-decay-rate-without-step-size", "OneCycle", {"cycle_min_lr": 0.0001, "cycle_max_lr": 0.001, "cycle_first_step_size": 20, "decay_lr_rate": 0.3, "cycle_momentum": False}, 80),
    ds_case("lr-range-test-continuous", "LRRangeTest", {"lr_range_test_min_lr": 0.0001, "lr_range_test_step_size": 10, "lr_range_test_step_rate": 0.5, "lr_range_test_staircase": False}, 300),
    ds_case("lr-range-test-staircase", "LRRangeTest", {"lr_range_test_min_lr": 0.0001, "lr_range_test_step_size": 25, "lr_range_test_step_rate": 2.0, "lr_range_test_staircase": True}, 300),
    ds_case("lr-range-test-defaults", "LRRangeTest", {}, 300),
]

# --- Megatron --------------------------------------------------------------------------------------------------------
MG_CALL = ("lrs[k] = param_groups[0]['lr'] after construction (step(0)) and k calls of step(increment=1); weight decay "
           "held constant (start_wd=end_wd=0)")


def mg_case(name, args, steps):
    opt = optimizer()
    kwargs = dict(args)
    kwargs.update(start_wd=0.0, end_wd=0.0, wd_incr_steps=1, wd_incr_style="constant")
    sched = mg.OptimizerParamScheduler(opt, **kwargs)
    lrs = []
    for k in range(steps):
        if k > 0:
            sched.step(increment=1)
        lrs.append(float(opt.param_groups[0]["lr"]))
    return {"name": "own-megatron-" + name, "spec": {"type": "megatron.OptimizerParamScheduler", "args": args},
            "steps": steps, "lrs": [lrs], "call": MG_CALL, "transcribed": False}


def base(style, **extra):
    a = {"init_lr": 1e-05, "max_lr": 0.001, "min_lr": 0.0001, "lr_warmup_steps": 40, "lr_decay_steps": 300, "lr_decay_style": style}
    a.update(extra)
    return a


mg_cases = [
    mg_case("constant", base("constant"), 350),
    mg_case("linear", base("linear"), 350),
    mg_case("cosine-no-warmup", dict(base("cosine"), lr_warmup_steps=0, init_lr=0.0), 350),
    mg_case("inverse-square-root", base("inverse-square-root"), 350),
    mg_case("inverse-square-root-floor", dict(base("inverse-square-root"), min_lr=0.0004, lr_warmup_steps=20), 350),
    mg_case("inverse-square-root-no-warmup", dict(base("inverse-square-root"), lr_warmup_steps=0, min_lr=0.0), 350),
    mg_case("wsd-linear", base("WSD", wsd_decay_steps=80, lr_wsd_decay_style="linear"), 350),
    mg_case("wsd-cosine", base("WSD", wsd_decay_steps=100, lr_wsd_decay_style="cosine"), 350),
    mg_case("wsd-exponential", base("WSD", wsd_decay_steps=120, lr_wsd_decay_style="exponential"), 350),
    mg_case("wsd-minus-sqrt", base("WSD", wsd_decay_steps=60, lr_wsd_decay_style="minus_sqrt"), 350),
    mg_case("wsd-decay-longer-than-stable", base("WSD", wsd_decay_steps=290, lr_wsd_decay_style="exponential"), 350),
    mg_case("wsd-zero-decay-steps", base("WSD", wsd_decay_steps=0, lr_wsd_decay_style="linear"), 350),
    mg_case("linear-init-above-min", dict(base("linear"), init_lr=0.0005, min_lr=0.0), 350),
]

src_ds = ("microsoft/DeepSpeed@38327e07f6cd39b63418f60cedd1651b0be3e7c3 deepspeed/runtime/lr_schedules.py; every case RUN "
          "from the framework's own code (tests/LrSchedules.Tests/Golden/Own/generators/deepspeed_megatron.py) with torch "
          + torch.__version__ + " (SGD over one parameter; Adam where momentums are recorded), logger stubbed")
src_mg = ("NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553 megatron/core/optimizer_param_scheduler.py; every "
          "case RUN from the framework's own code (tests/LrSchedules.Tests/Golden/Own/generators/deepspeed_megatron.py) "
          "with torch " + torch.__version__ + " (SGD over one parameter), log_single_rank stubbed")
fmt = "lrs[0][k] = learning rate in effect for optimizer step k (0-based); momentums[0][k] the cycled momentum (Adam betas[0])"
for file, src, cases in (("deepspeed.json", src_ds, ds_cases), ("megatron.json", src_mg, mg_cases)):
    with open(out_dir + "/" + file, "w") as f:
        json.dump({"source": src, "format": fmt, "cases": cases}, f)
        f.write("\n")
    print(file, len(cases))
