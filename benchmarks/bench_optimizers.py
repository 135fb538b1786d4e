"""One optimizer step on the variables of an MLP 64 -> 256 -> 10 (kernels and biases, float32,
one BLAS thread): a hand-written NumPy step (in-place updates) vs eagerflow's tf.keras optimizer
(eager: the NumPy-level path; under tf.function: graph ops) vs TensorFlow's Keras 3 (eager and
tf.function), when installed.

    python benchmarks/bench_optimizers.py [--quick] [--no-tf]

Medians of repeats in µs per step, and each row's ratio to the NumPy step of the same run. The
script first checks that eagerflow's variables equal the NumPy run's after 20 steps.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import per_call_us, optional, fmt_us, fmt_ratio, fmt_row  # noqa: E402

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
import eagerflow as ef  # noqa: E402

SHAPES = [(64, 256), (256,), (256, 10), (10,)]
LR, B1, B2, EPS = 1e-3, 0.9, 0.999, 1e-7


def init():
    rng = np.random.default_rng(0)
    values = [rng.standard_normal(s).astype(np.float32) * 0.1 for s in SHAPES]
    grads = [rng.standard_normal(s).astype(np.float32) * 0.01 for s in SHAPES]
    return values, grads


class NumpyAdam:
    """Keras' Adam formula, in place, in float32."""

    def __init__(self, values):
        self.x = [v.copy() for v in values]
        self.m = [np.zeros_like(v) for v in values]
        self.v = [np.zeros_like(v) for v in values]
        self.t = 0

    def step(self, grads):
        self.t += 1
        alpha = np.float32(LR) * np.sqrt(1 - np.float32(B2) ** self.t) / (1 - np.float32(B1) ** self.t)
        for x, m, v, g in zip(self.x, self.m, self.v, grads):
            m += (g - m) * np.float32(1 - B1)
            v += (g * g - v) * np.float32(1 - B2)
            x -= m * alpha / (np.sqrt(v) + np.float32(EPS))


class NumpySGD:
    """SGD with momentum 0.9, in place."""

    def __init__(self, values):
        self.x = [v.copy() for v in values]
        self.m = [np.zeros_like(v) for v in values]

    def step(self, grads):
        for x, m, g in zip(self.x, self.m, grads):
            m *= np.float32(0.9)
            m -= g * np.float32(0.01)
            x += m


def library_step(lib, kind, values, grads, graph):
    opt = (lib.keras.optimizers.Adam(LR) if kind == "adam"
           else lib.keras.optimizers.SGD(0.01, momentum=0.9))
    variables = [lib.Variable(v) for v in values]
    gs = [lib.constant(g) for g in grads]

    def step():
        opt.apply_gradients(zip(gs, variables))
    if graph:
        step = lib.function(step)
    return step, variables


def check(values, grads):
    ref = NumpyAdam(values)
    step, variables = library_step(ef, "adam", values, grads, graph=False)
    for _ in range(20):
        ref.step(grads)
        step()
    return max(float(np.abs(v.numpy() - x).max()) for v, x in zip(variables, ref.x))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 short repeats")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow")
    args = ap.parse_args()
    repeat, min_time = (3, 0.02) if args.quick else (7, 0.1)
    values, grads = init()
    diff = check(values, grads)
    print("eagerflow Adam vs NumPy Adam after 20 steps: max |diff| %.2e (%s)"
          % (diff, "ok" if diff <= 1e-5 else "MISMATCH"))
    tf = None if args.no_tf else optional("tensorflow")
    widths = (34, 10, 8)
    print(fmt_row(("step (MLP 64-256-10 variables)", "µs", "ratio"), widths))
    for kind, numpy_cls in (("adam", NumpyAdam), ("sgd", NumpySGD)):
        base = numpy_cls(values)
        t0 = per_call_us(lambda: base.step(grads), repeat, min_time)
        rows = [("%s: NumPy by hand" % kind, t0)]
        for lib, name in ((ef, "eagerflow"), (tf, "TF Keras")):
            if lib is None:
                continue
            for graph in (False, True):
                step, _ = library_step(lib, kind, values, grads, graph)
                step()
                rows.append(("%s: %s %s" % (kind, name, "tf.function" if graph else "eager"),
                             per_call_us(step, repeat, min_time)))
        for label, t in rows:
            print(fmt_row((label, fmt_us(t), fmt_ratio(t / t0)), widths))


if __name__ == "__main__":
    main()
