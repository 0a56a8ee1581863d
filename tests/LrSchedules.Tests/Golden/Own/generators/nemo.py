"""Generates Golden/Own/nemo.json by RUNNING NeMo's own scheduler code.

Usage: /usr/bin/python3 nemo.py /path/to/nemo/core/optim/lr_scheduler.py > nemo.json

The file is NVIDIA/NeMo@8cfedd7203462cb251a914e700e5605444277561 nemo/core/optim/lr_scheduler.py. Only imports the
scheduler values do not depend on are stubbed (hydra, omegaconf, nemo.core.config, nemo.utils); the optimizer is a
real torch SGD over one parameter. The value at step k is param_groups[0]['lr'] after construction and k calls of
scheduler.step() (NeMo's interval 'step').
"""
import importlib.util
import json
import sys
import types
import warnings

import torch

warnings.simplefilter("ignore")


def stub(name, **attrs):
    m = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(m, k, v)
    sys.modules[name] = m
    return m


class _Anything:
    def __getattr__(self, name):
        return _Anything()

    def __call__(self, *a, **k):
        return _Anything()


stub("hydra", utils=_Anything())
stub("omegaconf", DictConfig=dict, OmegaConf=_Anything())
stub("nemo")
stub("nemo.core")
stub("nemo.core.config", SchedulerParams=object, get_scheduler_config=None, register_scheduler_params=None)
stub("nemo.utils", logging=_Anything())
stub("nemo.utils.model_utils", maybe_update_config_version=lambda c: c)

spec = importlib.util.spec_from_file_location("nemo_lr_scheduler", sys.argv[1])
nemo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nemo)

CASES = [
    ("own-nemo-warmup-policy", "WarmupPolicy", 0.01, {"warmup_steps": 20, "max_steps": 150, "min_lr": 0.001}, 200),
    ("own-nemo-warmup-policy-ratio", "WarmupPolicy", 0.01, {"warmup_ratio": 0.1, "max_steps": 205}, 250),
    ("own-nemo-warmup-policy-infinite", "WarmupPolicy", 0.02, {"warmup_steps": 10}, 100),
    ("own-nemo-warmup-hold-policy", "WarmupHoldPolicy", 0.01, {"warmup_steps": 10, "hold_steps": 30, "max_steps": 120, "min_lr": 1e-4}, 160),
    ("own-nemo-warmup-hold-policy-ratio", "WarmupHoldPolicy", 0.01, {"warmup_ratio": 0.05, "hold_ratio": 0.2, "max_steps": 200, "min_lr": 1e-4}, 250),
    ("own-nemo-square-annealing", "SquareAnnealing", 0.1, {"warmup_steps": 10, "max_steps": 150}, 200),
    ("own-nemo-square-annealing-floor", "SquareAnnealing", 0.1, {"max_steps": 100, "min_lr": 0.02}, 150),
    ("own-nemo-square-root-annealing", "SquareRootAnnealing", 0.1, {"warmup_steps": 10, "max_steps": 150, "min_lr": 0.002}, 200),
    ("own-nemo-square-root-annealing-nowarm", "SquareRootAnnealing", 0.1, {"max_steps": 120}, 150),
    ("own-nemo-cosine-constant", "CosineAnnealing", 0.01, {"warmup_steps": 20, "constant_steps": 30, "max_steps": 200, "min_lr": 1e-4}, 250),
    ("own-nemo-cosine-constant-ratio", "CosineAnnealing", 0.01, {"constant_ratio": 0.2, "max_steps": 200, "min_lr": 1e-4}, 250),
    ("own-nemo-cosine-ratio", "CosineAnnealing", 0.01, {"warmup_ratio": 0.1, "max_steps": 200}, 250),
    ("own-nemo-cosine-nowarm", "CosineAnnealing", 0.01, {"max_steps": 100, "min_lr": 1e-3}, 150),
    ("own-nemo-noam-nowarm", "NoamAnnealing", 2.0, {"d_model": 256, "min_lr": 0.01}, 200),
    ("own-nemo-noam-ratio", "NoamAnnealing", 1.0, {"d_model": 128, "warmup_ratio": 0.1, "max_steps": 300}, 300),
    ("own-nemo-noam-hold", "NoamHoldAnnealing", 0.01, {"warmup_steps": 20, "hold_steps": 40, "max_steps": 250, "min_lr": 1e-4}, 300),
    ("own-nemo-noam-hold-ratio", "NoamHoldAnnealing", 0.01, {"warmup_ratio": 0.1, "hold_ratio": 0.3, "max_steps": 200, "decay_rate": 1.0, "min_lr": 0.002}, 250),
    ("own-nemo-noam-hold-nohold", "NoamHoldAnnealing", 0.01, {"warmup_steps": 15, "max_steps": 200}, 250),
    ("own-nemo-noam-hold-rate-0", "NoamHoldAnnealing", 0.01, {"warmup_steps": 15, "hold_steps": 0, "max_steps": 100, "decay_rate": 0.0, "min_lr": 1e-3}, 150),
    ("own-nemo-warmup-annealing", "WarmupAnnealing", 0.01, {"warmup_steps": 20, "max_steps": 200, "min_lr": 0.001}, 250),
    ("own-nemo-warmup-annealing-nowarm", "WarmupAnnealing", 0.01, {"max_steps": 100}, 150),
    ("own-nemo-inverse-sqrt", "InverseSquareRootAnnealing", 0.01, {"warmup_steps": 25, "max_steps": 250, "min_lr": 1e-5}, 300),
    ("own-nemo-inverse-sqrt-nowarm", "InverseSquareRootAnnealing", 0.01, {"max_steps": 200}, 250),
    ("own-nemo-t5-inverse-sqrt", "T5InverseSquareRootAnnealing", 0.1, {"constant_steps": 50, "max_steps": 250, "min_lr": 1e-3}, 300),
    ("own-nemo-poly", "PolynomialDecayAnnealing", 0.01, {"warmup_steps": 20, "max_steps": 200, "power": 2.0, "min_lr": 1e-4}, 250),
    ("own-nemo-poly-cycle", "PolynomialDecayAnnealing", 0.01, {"max_steps": 150, "power": 0.5, "cycle": True}, 200),
    ("own-nemo-poly-hold", "PolynomialHoldDecayAnnealing", 0.01, {"warmup_steps": 20, "hold_steps": 30, "max_steps": 200, "power": 1.5, "min_lr": 1e-4}, 250),
    ("own-nemo-poly-hold-ratio", "PolynomialHoldDecayAnnealing", 0.01, {"warmup_ratio": 0.1, "hold_ratio": 0.15, "max_steps": 200}, 250),
    ("own-nemo-poly-hold-nohold", "PolynomialHoldDecayAnnealing", 0.01, {"warmup_steps": 40, "max_steps": 200, "min_lr": 1e-4}, 250),
    ("own-nemo-poly-hold-nohold-cycle", "PolynomialHoldDecayAnnealing", 0.01, {"warmup_steps": 40, "max_steps": 200, "power": 2.0, "cycle": True}, 250),
    ("own-nemo-warmup-hold-anneal-1-sqrt", "WarmupHoldAnnealOneMinusSquareRoot", 0.01, {"warmup_steps": 10, "hold_steps": 20, "max_steps": 200, "min_lr": 1e-3}, 250),
    ("own-nemo-warmup-hold-anneal-linear", "WarmupHoldAnnealLinear", 0.01, {"warmup_steps": 10, "hold_steps": 20, "max_steps": 200, "min_lr": 1e-3}, 250),
    ("own-nemo-warmup-past-max-steps", "WarmupPolicy", 0.01, {"warmup_steps": 50, "max_steps": 30, "min_lr": 1e-3}, 100),
    ("own-nemo-cosine-constant-no-decay-left", "CosineAnnealing", 0.01, {"warmup_steps": 20, "constant_steps": 80, "max_steps": 100, "min_lr": 1e-4}, 150),
    ("own-nemo-cosine-constant-ratio-warmup-ratio", "CosineAnnealing", 0.01, {"warmup_ratio": 0.05, "constant_ratio": 0.15, "max_steps": 300, "min_lr": 1e-4}, 350),
    ("own-nemo-warmup-hold-anneal-linear-nohold", "WarmupHoldAnnealLinear", 0.01, {"warmup_ratio": 0.1, "max_steps": 200}, 250),
]


def run(cls_name, lr, args, steps):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    sched = nemo.AVAILABLE_SCHEDULERS[cls_name](opt, **args)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


cases = []
for name, cls_name, lr, args, steps in CASES:
    cases.append({
        "name": name,
        "spec": {"type": "nemo." + cls_name, "lr": lr, "args": args},
        "steps": steps,
        "lrs": [run(cls_name, lr, args, steps)],
        "call": "lrs[k] = param_groups[0]['lr'] after construction and k calls of scheduler.step() (interval 'step'); RUN",
    })

json.dump({
    "source": "NVIDIA/NeMo@8cfedd7203462cb251a914e700e5605444277561 nemo/core/optim/lr_scheduler.py, every case RUN from "
              "the file with torch " + torch.__version__ + " (tests/LrSchedules.Tests/Golden/Own/generators/nemo.py; stubs "
              "for hydra, omegaconf, nemo.core.config, nemo.utils only)",
    "format": "lrs[0][k] = learning rate in effect for optimizer step k (0-based)",
    "cases": cases,
}, sys.stdout)
sys.stdout.write("\n")
