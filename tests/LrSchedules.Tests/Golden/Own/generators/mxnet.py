"""Generates Golden/Own/mxnet.json by RUNNING MXNet's own python/mxnet/lr_scheduler.py.

Usage: /usr/bin/python3 mxnet.py PATH/TO/lr_scheduler.py > ../mxnet.json
The file is apache/mxnet@b84609d3fc73d20929c114eab95faaa56e6c5ede python/mxnet/lr_scheduler.py (the commit of
frameworks.json). It imports only logging and math, so it is loaded as it is, without stubs.
Step convention (mxnet.optimizer.Optimizer counts the update before asking the scheduler): lrs[k] = scheduler(num_update=k+1),
one scheduler object per case, called in order k = 0, 1, ... (FactorScheduler and MultiFactorScheduler are stateful).
"""
import importlib.util
import json
import sys

spec = importlib.util.spec_from_file_location("mxnet_lr_scheduler", sys.argv[1])
mx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mx)

CALL = ("lrs[k] = scheduler(num_update=k+1), called in order k = 0, 1, ... "
        "(mxnet.optimizer.Optimizer counts the update before asking the scheduler)")

CASES = [
    # FactorScheduler: default stop_factor_lr (1e-8) reached after 20 halvings; base_lr default.
    ("own-mxnet-factor-stop-default", "FactorScheduler", {"step": 10, "factor": 0.5}, 300),
    # Constant warmup longer than step: the counter catches up when the warmup ends.
    ("own-mxnet-factor-constant-warmup", "FactorScheduler",
     {"step": 7, "factor": 0.8, "stop_factor_lr": 0.003, "base_lr": 0.05, "warmup_steps": 40,
      "warmup_begin_lr": 0.01, "warmup_mode": "constant"}, 200),
    # base_lr below stop_factor_lr, default factor 1: the first "decay" raises it to stop_factor_lr.
    ("own-mxnet-factor-base-below-stop", "FactorScheduler",
     {"step": 25, "base_lr": 0.001, "stop_factor_lr": 0.002}, 120),
    # Every update, warmup_steps = 1 (no warmup), no floor.
    ("own-mxnet-factor-every-update", "FactorScheduler",
     {"step": 1, "factor": 0.99, "stop_factor_lr": 0.0, "base_lr": 0.2, "warmup_steps": 1}, 300),
    # Linear warmup from 0 (default begin) with a floor reached.
    ("own-mxnet-factor-linear-warmup-default-begin", "FactorScheduler",
     {"step": 20, "factor": 0.7, "stop_factor_lr": 0.01, "base_lr": 0.1, "warmup_steps": 15}, 250),
    ("own-mxnet-multifactor-linear-warmup", "MultiFactorScheduler",
     {"step": [30, 80, 150], "factor": 0.3, "base_lr": 0.2, "warmup_steps": 20, "warmup_begin_lr": 0.02,
      "warmup_mode": "linear"}, 250),
    ("own-mxnet-multifactor-default", "MultiFactorScheduler", {"step": [1, 2, 100], "factor": 0.5}, 150),
    # Constant warmup past the first step: both decays up to num_update = warmup_steps apply at once.
    ("own-mxnet-multifactor-constant-warmup", "MultiFactorScheduler",
     {"step": [10, 25, 60], "factor": 0.1, "base_lr": 1.0, "warmup_steps": 30, "warmup_begin_lr": 0.001,
      "warmup_mode": "constant"}, 120),
    ("own-mxnet-multifactor-factor-default", "MultiFactorScheduler", {"step": [5], "base_lr": 0.3}, 30),
    # PolyScheduler defaults (pwr 2, final_lr 0, base_lr 0.01), past max_update.
    ("own-mxnet-poly-default", "PolyScheduler", {"max_update": 200}, 300),
    ("own-mxnet-poly-warmup-final", "PolyScheduler",
     {"max_update": 250, "base_lr": 0.1, "pwr": 1.5, "final_lr": 0.001, "warmup_steps": 50,
      "warmup_begin_lr": 0.01, "warmup_mode": "linear"}, 300),
    ("own-mxnet-poly-constant-warmup", "PolyScheduler",
     {"max_update": 120, "base_lr": 0.4, "pwr": 3, "final_lr": 0.02, "warmup_steps": 10,
      "warmup_begin_lr": 0.04, "warmup_mode": "constant"}, 160),
    ("own-mxnet-poly-warmup-one", "PolyScheduler", {"max_update": 100, "base_lr": 0.05, "pwr": 1, "warmup_steps": 1}, 130),
    # max_update below warmup_steps: after the warmup MXNet never updates its value again and keeps base_lr.
    ("own-mxnet-poly-max-update-in-warmup", "PolyScheduler",
     {"max_update": 20, "base_lr": 0.1, "warmup_steps": 40, "warmup_begin_lr": 0.0}, 80),
    ("own-mxnet-cosine-default", "CosineScheduler", {"max_update": 180}, 250),
    ("own-mxnet-cosine-constant-warmup", "CosineScheduler",
     {"max_update": 300, "base_lr": 0.5, "final_lr": 0.05, "warmup_steps": 60, "warmup_begin_lr": 0.1,
      "warmup_mode": "constant"}, 350),
    ("own-mxnet-cosine-linear-warmup-begin", "CosineScheduler",
     {"max_update": 100, "base_lr": 0.2, "final_lr": 0.0, "warmup_steps": 25, "warmup_begin_lr": 0.05}, 200),
    ("own-mxnet-cosine-max-update-in-warmup", "CosineScheduler",
     {"max_update": 5, "base_lr": 0.3, "warmup_steps": 12, "warmup_begin_lr": 0.03, "warmup_mode": "linear"}, 40),
]

cases = []
for name, cls, args, steps in CASES:
    scheduler = getattr(mx, cls)(**args)
    lrs = [float(scheduler(k + 1)) for k in range(steps)]
    cases.append({"name": name, "spec": {"type": "mxnet." + cls, "args": args}, "steps": steps,
                  "transcribed": False, "call": CALL, "lrs": [lrs]})

doc = {
    "source": "apache/mxnet@b84609d3fc73d20929c114eab95faaa56e6c5ede python/mxnet/lr_scheduler.py, RUN (every case) "
              "with /usr/bin/python3, no stubs needed; generator: Golden/Own/generators/mxnet.py",
    "format": "lrs[0][k] = learning rate in effect for optimizer step k (0-based)",
    "cases": cases,
}
json.dump(doc, sys.stdout, indent=1)
sys.stdout.write("\n")
