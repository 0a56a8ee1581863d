#!/usr/bin/env python3
"""Generates Golden/Own/composer.json by RUNNING Composer's own schedulers in the Trainer's order.

Usage: /usr/bin/python3 composer.py /path/to/composer-checkout > composer.json
  (mosaicml/composer@6405188805a0054b4551ec49e4919c54c971d0e8; only these files are read, verbatim:
   composer/optim/scheduler.py, composer/core/time.py, composer/core/serializable.py, composer/utils/string_enum.py)

Stubs, for imports the values do not depend on: the `composer`, `composer.core` and `composer.utils` packages are
minimal __init__ modules exporting Time/TimeUnit/Timestamp/StringEnum from those files and a `State` holding only what
the schedulers read (optimizers, timestamp, max_duration, dataloader_len); torch 1.13 has no public `LRScheduler`, so
`torch.optim.lr_scheduler.LRScheduler` is aliased to `_LRScheduler` (only used in a type annotation). The Trainer's
`_scale_max_duration_by_ssr` (composer/trainer/trainer.py) is transcribed: max_duration * ssr, rejected when 0.

The loop is the Trainer's: compile_composer_scheduler(scheduler, state, ssr) (a LambdaLR, evaluated at construction
with the unscaled max_duration), then max_duration scaled by ssr, then per batch: record the lr, optimizer.step(),
scheduler.step(), state.timestamp = timestamp.to_next_batch(samples=1) (and to_next_epoch() after dataloader_len
batches). So batch k uses the scheduler at timestamp batch max(0, k-1). Cases with more steps than max_duration keep
stepping past it (the schedulers are pure functions of the timestamp; the Trainer itself would stop).
"""
import atexit
import json
import shutil
import os
import sys
import tempfile
import types

import torch
import torch.optim.lr_scheduler as lr_scheduler

root = sys.argv[1]
lr_scheduler.LRScheduler = lr_scheduler._LRScheduler

pkg = tempfile.mkdtemp(prefix="composer-stub-")
atexit.register(shutil.rmtree, pkg, True)
files = {}
for rel in ("composer/optim/scheduler.py", "composer/core/time.py", "composer/core/serializable.py", "composer/utils/string_enum.py"):
    files[rel] = open(os.path.join(root, rel)).read()
stubs = {
    "composer/__init__.py": "",
    "composer/optim/__init__.py": "",
    "composer/utils/__init__.py": "from composer.utils.string_enum import StringEnum\n",
    "composer/core/__init__.py": (
        "from composer.core.time import Time, TimeUnit, Timestamp\n"
        "class State:\n"
        "    def __init__(self, optimizers, max_duration, dataloader_len):\n"
        "        self.optimizers = optimizers\n"
        "        self.timestamp = Timestamp()\n"
        "        self.max_duration = max_duration\n"
        "        self.dataloader_len = dataloader_len\n"
    ),
}
for rel, text in {**files, **stubs}.items():
    path = os.path.join(pkg, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
sys.path.insert(0, pkg)

from composer.core import State, Time, TimeUnit  # noqa: E402
import composer.optim.scheduler as S  # noqa: E402

TRAINER = ("max_duration", "scale_schedule_ratio", "dataloader_len")


def scale_max_duration_by_ssr(ssr, orig):  # transcribed from composer/trainer/trainer.py
    max_duration = orig * ssr
    if max_duration.value == 0:
        raise ValueError("Scale schedule has reduced the max_duration to 0.")
    return max_duration


def case(name, cls, lr, args, steps):
    kw = {k: v for k, v in args.items() if k not in TRAINER}
    ssr = args.get("scale_schedule_ratio", 1.0)
    dl = args.get("dataloader_len")
    scheduler = getattr(S, cls)(**kw)
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    state = State([opt], Time.from_input(args["max_duration"], TimeUnit.EPOCH), dl)
    compiled = S.compile_composer_scheduler(scheduler, state, ssr)
    if ssr != 1.0:
        state.max_duration = scale_max_duration_by_ssr(ssr, state.max_duration)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        compiled.step()
        state.timestamp = state.timestamp.to_next_batch(samples=1)
        if dl and state.timestamp.batch_in_epoch.value == dl:
            state.timestamp = state.timestamp.to_next_epoch()
    return {
        "name": name,
        "spec": {"type": "composer." + cls, "lr": lr, "args": args},
        "steps": steps,
        "lrs": [lrs],
        "transcribed": False,
        "call": "compile_composer_scheduler(scheduler, state, scale_schedule_ratio) (LambdaLR), then max_duration scaled by the ratio; per batch: record lr, optimizer.step(), scheduler.step(), state.timestamp = timestamp.to_next_batch(samples=1) (to_next_epoch() after dataloader_len batches), so batch k uses the scheduler at timestamp batch max(0, k-1); steps past max_duration keep stepping",
    }


cases = [
    case("own-composer-step", "StepScheduler", 0.1, {"step_size": "25ba", "gamma": 0.5, "max_duration": "200ba"}, 230),
    case("own-composer-step-epochs-default-gamma", "StepScheduler", 0.1, {"step_size": "1ep", "max_duration": "5ep", "dataloader_len": 30}, 160),
    case("own-composer-step-ssr", "StepScheduler", 0.1, {"step_size": "30ba", "gamma": 0.8, "max_duration": "200ba", "scale_schedule_ratio": 0.7}, 150),
    case("own-composer-multistep-mixed-units", "MultiStepScheduler", 0.05, {"milestones": ["150ba", "0.5dur", "1ep", "50ba", "50ba"], "gamma": 0.5, "max_duration": "200ba", "dataloader_len": 40}, 220),
    case("own-composer-multistep-default-gamma-ssr", "MultiStepScheduler", 0.05, {"milestones": ["2ep", "4ep"], "max_duration": "6ep", "dataloader_len": 20, "scale_schedule_ratio": 1.5}, 200),
    case("own-composer-constant-alpha", "ConstantScheduler", 0.01, {"alpha": 0.5, "t_max": "0.25dur", "max_duration": "200ba"}, 220),
    case("own-composer-constant-defaults", "ConstantScheduler", 0.01, {"max_duration": "100ba"}, 110),
    case("own-composer-constant-ssr-construction", "ConstantScheduler", 0.01, {"alpha": 0.5, "t_max": "0.004dur", "max_duration": "200ba", "scale_schedule_ratio": 2.0}, 40),
    case("own-composer-linear", "LinearScheduler", 0.01, {"alpha_i": 1.0, "alpha_f": 0.1, "t_max": "150ba", "max_duration": "200ba"}, 220),
    case("own-composer-linear-rising-epochs", "LinearScheduler", 0.01, {"alpha_i": 0.1, "alpha_f": 2.0, "max_duration": "3ep", "dataloader_len": 50}, 170),
    case("own-composer-linear-defaults", "LinearScheduler", 0.01, {"max_duration": "120ba"}, 130),
    case("own-composer-exponential", "ExponentialScheduler", 0.1, {"gamma": 0.9, "decay_period": "10ba", "max_duration": "300ba"}, 300),
    case("own-composer-exponential-default-period", "ExponentialScheduler", 0.1, {"gamma": 0.5, "max_duration": "6ep", "dataloader_len": 32}, 200),
    case("own-composer-exponential-gamma0", "ExponentialScheduler", 0.1, {"gamma": 0.0, "decay_period": "10ba", "max_duration": "20ba"}, 20),
    case("own-composer-cosine", "CosineAnnealingScheduler", 0.001, {"alpha_f": 0.05, "max_duration": "250ba"}, 270),
    case("own-composer-cosine-half-dur-ssr", "CosineAnnealingScheduler", 0.001, {"t_max": "0.5dur", "max_duration": "4ep", "dataloader_len": 50, "scale_schedule_ratio": 1.25}, 260),
    case("own-composer-restarts-double", "CosineAnnealingWarmRestartsScheduler", 0.01, {"t_0": "10ba", "t_mult": 2.0, "alpha_f": 0.1, "max_duration": "300ba"}, 320),
    case("own-composer-restarts-truncated-growth", "CosineAnnealingWarmRestartsScheduler", 0.01, {"t_0": "4ba", "t_mult": 1.5, "max_duration": "300ba"}, 320),
    case("own-composer-restarts-growth-stops", "CosineAnnealingWarmRestartsScheduler", 0.01, {"t_0": "5ba", "t_mult": 1.1, "alpha_f": 0.2, "max_duration": "300ba"}, 320),
    case("own-composer-restarts-periodic-epochs", "CosineAnnealingWarmRestartsScheduler", 0.01, {"t_0": "1ep", "max_duration": "6ep", "dataloader_len": 30}, 200),
    case("own-composer-restarts-shrinking", "CosineAnnealingWarmRestartsScheduler", 0.01, {"t_0": "100ba", "t_mult": 0.5, "max_duration": "150ba"}, 195),
    case("own-composer-restarts-ssr", "CosineAnnealingWarmRestartsScheduler", 0.01, {"t_0": "0.1dur", "t_mult": 1.7, "max_duration": "200ba", "scale_schedule_ratio": 1.5}, 320),
    case("own-composer-polynomial", "PolynomialScheduler", 0.01, {"power": 2.0, "t_max": "100ba", "alpha_f": 0.1, "max_duration": "150ba"}, 160),
    case("own-composer-polynomial-sqrt", "PolynomialScheduler", 0.01, {"power": 0.5, "max_duration": "2ep", "dataloader_len": 60}, 130),
    case("own-composer-multistep-warmup-epochs", "MultiStepWithWarmupScheduler", 0.1, {"t_warmup": "0.1dur", "milestones": ["2ep", "0.75dur"], "gamma": 0.5, "max_duration": "4ep", "dataloader_len": 50}, 220),
    case("own-composer-multistep-warmup-scale-warmup-shrink", "MultiStepWithWarmupScheduler", 0.1, {"t_warmup": "40ba", "milestones": ["100ba"], "scale_warmup": True, "max_duration": "200ba", "scale_schedule_ratio": 0.5}, 120),
    case("own-composer-multistep-warmup-scale-warmup-grow", "MultiStepWithWarmupScheduler", 0.1, {"t_warmup": "40ba", "milestones": ["100ba"], "scale_warmup": True, "max_duration": "200ba", "scale_schedule_ratio": 1.5}, 200),
    case("own-composer-multistep-warmup-ssr-unscaled-warmup", "MultiStepWithWarmupScheduler", 0.1, {"t_warmup": "40ba", "milestones": ["100ba", "150ba"], "max_duration": "200ba", "scale_schedule_ratio": 1.5}, 260),
    case("own-composer-multistep-warmup-zero", "MultiStepWithWarmupScheduler", 0.1, {"t_warmup": "0ba", "milestones": ["50ba"], "max_duration": "100ba"}, 100),
    case("own-composer-constant-warmup", "ConstantWithWarmupScheduler", 0.02, {"t_warmup": "20ba", "alpha": 0.5, "max_duration": "200ba"}, 220),
    case("own-composer-constant-warmup-long-tmax", "ConstantWithWarmupScheduler", 0.02, {"t_warmup": "1ep", "t_max": "300ba", "max_duration": "4ep", "dataloader_len": 50}, 210),
    case("own-composer-linear-warmup", "LinearWithWarmupScheduler", 0.02, {"t_warmup": "10ba", "alpha_i": 1.0, "alpha_f": 0.05, "max_duration": "200ba"}, 220),
    case("own-composer-linear-warmup-ssr-tmax-ba", "LinearWithWarmupScheduler", 0.02, {"t_warmup": "30ba", "alpha_i": 0.8, "t_max": "400ba", "max_duration": "200ba", "scale_schedule_ratio": 2.0}, 420),
    case("own-composer-linear-warmup-defaults", "LinearWithWarmupScheduler", 0.02, {"t_warmup": "0.1dur", "max_duration": "150ba"}, 160),
    case("own-composer-cosine-warmup-epochs-ssr-scale-warmup", "CosineAnnealingWithWarmupScheduler", 0.001, {"t_warmup": "1ep", "alpha_f": 0.1, "scale_warmup": True, "max_duration": "8ep", "dataloader_len": 25, "scale_schedule_ratio": 0.75}, 160),
    case("own-composer-cosine-warmup-tmax-past-max", "CosineAnnealingWithWarmupScheduler", 0.001, {"t_warmup": "0.05dur", "t_max": "1.5dur", "max_duration": "200ba"}, 310),
    case("own-composer-polynomial-warmup-defaults", "PolynomialWithWarmupScheduler", 0.001, {"t_warmup": "0.05dur", "alpha_f": 0.01, "max_duration": "200ba"}, 220),
    case("own-composer-polynomial-warmup-power", "PolynomialWithWarmupScheduler", 0.001, {"t_warmup": "0ba", "power": 1.5, "max_duration": "3ep", "dataloader_len": 40}, 130),
]
json.dump({
    "source": "mosaicml/composer@6405188805a0054b4551ec49e4919c54c971d0e8 composer/optim/scheduler.py+composer/core/time.py+composer/core/serializable.py+composer/utils/string_enum.py, RUN with /usr/bin/python3 (torch 1.13) in the Trainer's order, minimal stubs (see generators/composer.py)",
    "format": "lrs[0][k] = learning rate in effect for optimizer step k (0-based)",
    "cases": cases,
}, sys.stdout)
sys.stdout.write("\n")
