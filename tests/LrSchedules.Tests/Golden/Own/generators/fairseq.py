"""Generates Golden/Own/fairseq.json by RUNNING fairseq's own scheduler code.

Usage: /usr/bin/python3 fairseq.py /path/to/fairseq/optim/lr_scheduler > fairseq.json

The directory holds facebookresearch/fairseq@3d262bb25690e4eb2e7d3c1309b1e9c406ca4b99 fairseq/optim/lr_scheduler/*.py
(fairseq_lr_scheduler.py and the scheduler files). Stubbed: omegaconf.II, fairseq.dataclass (FairseqDataclass as a plain
base), the registry (register_lr_scheduler records the class), fairseq.optim.FairseqOptimizer (an empty base); the
optimizer wrapper's get_lr/set_lr read and write a real torch SGD's param_groups[0]['lr'].
Call sequence (as in the public golden cases): step_update(0); step_begin_epoch(1); step_update(0); then
lrs[k] = optimizer.get_lr() after step_update(num_updates=k), all within epoch 1.
"""
import importlib.util
import json
import math
import os
import sys
import types
import warnings

import torch

warnings.simplefilter("ignore")
DIR = sys.argv[1]


def stub(name, **attrs):
    m = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(m, k, v)
    sys.modules[name] = m
    return m


class FairseqDataclass:
    pass


class FairseqOptimizer:
    pass


REGISTRY = {}


def register_lr_scheduler(name, dataclass=None):
    def wrap(cls):
        REGISTRY[name] = (cls, dataclass)
        return cls
    return wrap


stub("omegaconf", II=lambda s: "${" + s + "}", DictConfig=dict)
stub("fairseq")
stub("fairseq.dataclass", FairseqDataclass=FairseqDataclass)
stub("fairseq.dataclass.utils", gen_parser_from_dataclass=None)
stub("fairseq.optim", FairseqOptimizer=FairseqOptimizer)
pkg = stub("fairseq.optim.lr_scheduler", register_lr_scheduler=register_lr_scheduler)


def load(file, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(DIR, file))
    m = importlib.util.module_from_spec(spec)
    sys.modules[name] = m
    spec.loader.exec_module(m)
    return m


base = load("fairseq_lr_scheduler.py", "fairseq.optim.lr_scheduler.fairseq_lr_scheduler")
pkg.FairseqLRScheduler = base.FairseqLRScheduler
for f in ["fixed_schedule.py", "inverse_square_root_schedule.py", "polynomial_decay_schedule.py", "tri_stage_lr_scheduler.py",
          "cosine_lr_scheduler.py", "step_lr_scheduler.py", "triangular_lr_scheduler.py"]:
    load(f, "fairseq.optim.lr_scheduler." + f[:-3])


class Optimizer(FairseqOptimizer):
    def __init__(self, lr):
        self.p = torch.nn.Parameter(torch.zeros(1))
        self.opt = torch.optim.SGD([self.p], lr=lr)

    def get_lr(self):
        return self.opt.param_groups[0]["lr"]

    def set_lr(self, lr):
        self.opt.param_groups[0]["lr"] = lr


CASES = [
    ("own-fairseq-fixed", "fixed", 0.1, {"warmup_updates": 50}, 200),
    ("own-fairseq-fixed-plain", "fixed", [0.25], {}, 100),
    ("own-fairseq-fixed-force-anneal-1", "fixed", 0.1, {"force_anneal": 1, "lr_shrink": 0.5, "warmup_updates": 20}, 100),
    ("own-fairseq-fixed-force-anneal-0", "fixed", 0.1, {"force_anneal": 0, "lr_shrink": 0.3}, 50),
    ("own-fairseq-fixed-force-anneal-2", "fixed", 0.1, {"force_anneal": 2, "max_update": 100}, 50),
    ("own-fairseq-inverse-sqrt-default-init", "inverse_sqrt", 0.001, {"warmup_updates": 50}, 300),
    ("own-fairseq-inverse-sqrt-one", "inverse_sqrt", [0.002], {"warmup_updates": 1, "warmup_init_lr": 0.0005}, 100),
    ("own-fairseq-polynomial-decay", "polynomial_decay", 0.01, {"warmup_updates": 20, "total_num_update": 200, "power": 2.0, "end_learning_rate": 1e-5}, 250),
    ("own-fairseq-polynomial-decay-max-update", "polynomial_decay", 0.01, {"max_update": 150}, 200),
    ("own-fairseq-polynomial-decay-force-anneal", "polynomial_decay", 0.01, {"force_anneal": 1, "warmup_updates": 10, "total_num_update": 100}, 120),
    ("own-fairseq-polynomial-decay-force-anneal-nowarm", "polynomial_decay", 0.01, {"force_anneal": 1, "total_num_update": 100, "power": 0.5}, 120),
    ("own-fairseq-tri-stage-steps", "tri_stage", 0.001, {"warmup_steps": 30, "hold_steps": 50, "decay_steps": 100, "init_lr_scale": 0.01, "final_lr_scale": 0.05}, 250),
    ("own-fairseq-tri-stage-nowarm", "tri_stage", 0.002, {"hold_steps": 20, "decay_steps": 80}, 150),
    ("own-fairseq-tri-stage-ratio-default-scales", "tri_stage", 0.001, {"phase_ratio": [0.1, 0.4, 0.5], "max_update": 300, "warmup_steps": 7}, 350),
    ("own-fairseq-cosine", "cosine", 0.01, {"warmup_updates": 20, "warmup_init_lr": 1e-6, "min_lr": 1e-5, "lr_period_updates": 50, "t_mult": 2.0, "lr_shrink": 0.5}, 400),
    ("own-fairseq-cosine-max-update", "cosine", 0.01, {"warmup_updates": 30, "max_update": 300}, 450),
    ("own-fairseq-cosine-t-mult-1.5", "cosine", [0.01], {"lr_period_updates": 40, "t_mult": 1.5, "lr_shrink": 0.7, "min_lr": 1e-4}, 300),
    ("own-fairseq-cosine-fractional-period", "cosine", 0.01, {"lr_period_updates": 37.5, "lr_shrink": 0.9, "min_lr": 1e-3}, 200),
    ("own-fairseq-cosine-min-above-lr", "cosine", 0.01, {"lr_period_updates": 60, "min_lr": 0.02, "warmup_updates": 10}, 150),
    ("own-fairseq-step", "step", 0.01, {"warmup_updates": 10, "lr_deacy_period": 30, "lr_decay": 0.5, "min_lr": 1e-4}, 250),
    ("own-fairseq-step-warmup-init", "step", 0.01, {"warmup_updates": 10, "warmup_init_lr": 0.001, "lr_deacy_period": 40, "lr_decay": 0.8}, 200),
    ("own-fairseq-step-nowarm", "step", 0.01, {"lr_deacy_period": 25, "min_lr": 0.003}, 150),
    ("own-fairseq-triangular", "triangular", 0.001, {"max_lr": 0.01, "lr_period_updates": 50, "lr_shrink": 0.5}, 300),
    ("own-fairseq-triangular-shrink-min", "triangular", 0.001, {"max_lr": 0.01, "lr_period_updates": 50, "lr_shrink": 0.5, "shrink_min": True}, 300),
    ("own-fairseq-triangular-fractional-period", "triangular", 0.001, {"max_lr": 0.004, "lr_period_updates": 41.5, "lr_shrink": 0.8}, 200),
    ("own-fairseq-polynomial-decay-total-within-warmup", "polynomial_decay", 0.01, {"warmup_updates": 30, "total_num_update": 20, "end_learning_rate": 1e-4}, 60),
    ("own-fairseq-cosine-no-warmup-no-shrink", "cosine", 0.01, {"max_update": 100, "lr_shrink": 1.0, "min_lr": 1e-3}, 250),
    ("own-fairseq-triangular-inverted", "triangular", 0.002, {"max_lr": 0.01, "lr_period_updates": 41}, 250),
]


def run(name, lr, args, steps):
    cls, dc = REGISTRY[name]
    fields = {f for f in dc.__dataclass_fields__}
    kw = {k: v for k, v in args.items() if k in fields}
    if "phase_ratio" in kw:
        kw["phase_ratio"] = tuple(kw["phase_ratio"])
    lrs = lr if isinstance(lr, list) else [lr]
    kw["lr"] = lrs
    if "total_num_update" in fields and "total_num_update" not in kw:
        kw["total_num_update"] = args["max_update"]
    if "max_update" in fields and "max_update" not in kw:
        kw["max_update"] = args.get("max_update", 0)
    cfg = dc(**kw)
    opt = Optimizer(lrs[0])
    sched = cls(cfg, opt)
    sched.step_update(0)
    sched.step_begin_epoch(1)
    sched.step_update(0)
    out = []
    for k in range(steps):
        sched.step_update(k)
        out.append(opt.get_lr())
    return out


def exact_cosine_cycles(args, lr, steps):
    """Checks that fairseq's floor(log(...)) cycle search lands on the exact cycle at every step of the case."""
    t_mult = args.get("t_mult", 1.0)
    if t_mult == 1:
        return
    period = args.get("lr_period_updates", -1)
    w = args.get("warmup_updates", 0)
    if period <= 0:
        period = args["max_update"] - w
    for k in range(w, steps):
        c = k - w
        i = math.floor(math.log(1 - c / period * (1 - t_mult), t_mult))
        j, start = 0, 0.0
        while start + period * t_mult ** j <= c:
            start += period * t_mult ** j
            j += 1
        assert i == j, (args, k, i, j)


cases = []
for case_name, name, lr, args, steps in CASES:
    if name == "cosine":
        exact_cosine_cycles(args, lr, steps)
    cases.append({
        "name": case_name,
        "spec": {"type": "fairseq." + name, "lr": lr, "args": args},
        "steps": steps,
        "lrs": [run(name, lr, args, steps)],
        "call": "step_update(0); step_begin_epoch(1); step_update(0); lrs[k] = optimizer.get_lr() after step_update(num_updates=k) (one epoch); RUN",
    })

json.dump({
    "source": "facebookresearch/fairseq@3d262bb25690e4eb2e7d3c1309b1e9c406ca4b99 fairseq/optim/lr_scheduler/*.py, every case "
              "RUN from the files with torch " + torch.__version__ + " (tests/LrSchedules.Tests/Golden/Own/generators/fairseq.py; "
              "stubs for omegaconf.II, fairseq.dataclass, the registry and the FairseqOptimizer base only)",
    "format": "lrs[0][k] = learning rate in effect for optimizer step k (0-based)",
    "cases": cases,
}, sys.stdout)
sys.stdout.write("\n")
