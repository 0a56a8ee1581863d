#!/usr/bin/env python3
"""Generates Golden/Own/big_vision.json by RUNNING big_vision's own create_learning_rate_schedule.

Usage: /usr/bin/python3 big_vision.py /path/to/big_vision/utils.py > big_vision.json
  (google-research/big_vision@0127fb6b337ee2a27bf4e54dea79cff176527356 big_vision/utils.py)

utils.py imports jax/flax at module level, so only the two functions the schedule uses, `steps` and
`create_learning_rate_schedule`, are taken from the file verbatim (by ast) and executed with numpy substituted for
jax.numpy. The one change: the final `jnp.asarray(lr, dtype=jnp.float32)` keeps float64 (jnp.float32 is mapped to
numpy.float64), as frameworks.json's big_vision cases do. The step is passed as a numpy int32, like optax's
ScaleByScheduleState.count, counted from 0. lrs[k] = lr * schedule(k) (optax.scale(config.lr) after
scale_by_schedule); `args` = total_steps (+ batch_size/data_size, from the trainer) and the config.schedule fields,
where config.schedule.mult is passed as `base` (big_vision/optax.py: create_schedule(mult=1.0, **kw)).
"""
import ast
import json
import sys
import types

import numpy as np

src = open(sys.argv[1]).read()
tree = ast.parse(src)
wanted = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in ("steps", "create_learning_rate_schedule")]
assert len(wanted) == 2
module = ast.Module(body=wanted, type_ignores=[])
jnp = types.SimpleNamespace(pi=np.pi, cos=np.cos, sqrt=np.sqrt, clip=np.clip, where=np.where, minimum=np.minimum,
                            searchsorted=np.searchsorted, take=np.take, array=np.array, asarray=np.asarray,
                            float32=np.float64)
ns = {"jnp": jnp, "np": np}
exec(compile(module, sys.argv[1], "exec"), ns)
create = ns["create_learning_rate_schedule"]

TRAINER = ("total_steps", "batch_size", "data_size")


def case(name, lr, args, steps):
    kw = dict(args)
    base = kw.pop("mult", 1.0)
    fn = create(base=base, **kw)
    lrs = [float(lr * float(fn(np.int32(k)))) for k in range(steps)]
    return {
        "name": name,
        "spec": {"type": "big_vision.create_learning_rate_schedule", "lr": lr, "args": args},
        "steps": steps,
        "lrs": [lrs],
        "transcribed": False,
        "call": "lrs[k] = lr * create_learning_rate_schedule(base=mult, **args without mult)(int32(k)), numpy for jax.numpy, float64",
    }


cases = [
    case("own-big_vision-stair-default", 0.1, {"total_steps": 300}, 320),
    case("own-big_vision-stair-steps-mults", 0.1, {"total_steps": 300, "decay_type": "stair", "steps": [0, 100, 100, 200], "mults": [0.5, 0.1, 0.05, 0.01]}, 320),
    case("own-big_vision-stair-warmup-extra-mults", 0.03, {"total_steps": 300, "decay_type": "stair", "warmup_steps": 50, "steps": [120, 240], "mults": [0.1, 0.01, 0.001]}, 320),
    case("own-big_vision-linear-end-power", 0.001, {"total_steps": 300, "decay_type": "linear", "warmup_steps": 30, "linear_end": 1e-5, "power": 2.0}, 340),
    case("own-big_vision-polynomial-end-over-linear_end", 0.01, {"total_steps": 250, "decay_type": "polynomial", "end": 0.1, "linear_end": 0.5, "power": 0.5, "cooldown_steps": 40}, 250),
    case("own-big_vision-linear-rising-end", 0.001, {"total_steps": 200, "decay_type": "linear", "mult": 0.5, "end": 2.0}, 220),
    case("own-big_vision-linear-power0", 0.001, {"total_steps": 200, "decay_type": "linear", "power": 0, "warmup_steps": 20}, 220),
    case("own-big_vision-cosine-percent", 0.002, {"total_steps": 400, "decay_type": "cosine", "warmup_percent": 0.1, "cooldown_percent": 0.25}, 400),
    case("own-big_vision-cosine-mult-scale-batch", 0.002, {"total_steps": 300, "decay_type": "cosine", "mult": 2.0, "scale_with_batchsize": True, "batch_size": 512, "warmup_steps": 10}, 330),
    case("own-big_vision-cosine-examples-epochs", 0.001, {"total_steps": 300, "batch_size": 64, "data_size": 1000, "decay_type": "cosine", "warmup_examples": 2000, "cooldown_epochs": 3.5}, 300),
    case("own-big_vision-cosine-negative-ignored", 0.001, {"total_steps": 200, "decay_type": "cosine", "warmup_steps": -1, "warmup_percent": 0.05}, 210),
    case("own-big_vision-rsqrt-default-timescale", 0.001, {"total_steps": 500, "decay_type": "rsqrt", "warmup_steps": 50}, 520),
    case("own-big_vision-rsqrt-float-timescale-shift", 0.01, {"total_steps": 300, "decay_type": "rsqrt", "timescale": 37.5, "shift": 12.5}, 330),
    case("own-big_vision-rsqrt-timescale-steps-percent", 0.01, {"total_steps": 300, "decay_type": "rsqrt", "timescale": 5, "timescale_percent": 0.1, "shift_steps": 30, "warmup_steps": 20, "cooldown_steps": 60}, 300),
    case("own-big_vision-cooldown-longer-than-total", 0.01, {"total_steps": 100, "decay_type": "stair", "cooldown_steps": 150}, 100),
    case("own-big_vision-total-1", 0.5, {"total_steps": 1, "decay_type": "cosine"}, 5),
]
json.dump({
    "source": "google-research/big_vision@0127fb6b337ee2a27bf4e54dea79cff176527356 big_vision/utils.py (steps, create_learning_rate_schedule), RUN with /usr/bin/python3 and numpy 1.24 substituted for jax.numpy (float64; see generators/big_vision.py)",
    "format": "lrs[0][k] = learning rate in effect for optimizer step k (0-based)",
    "cases": cases,
}, sys.stdout, indent=None)
sys.stdout.write("\n")
