"""Micro benchmark of the eager hot path: eagerflow operators vs NumPy on tiny (2x2) arrays.

    python benchmarks/bench_accel.py            # this process's mode, then pure Python in a subprocess
    python benchmarks/bench_accel.py --single   # only this process's mode (EAGERFLOW_NO_ACCEL=1: pure)

Prints the median time per call (µs) of each expression and of NumPy's equivalent, and the median of
the per-round ratios (NumPy and eagerflow are timed back to back in each round).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import timeit

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

import numpy as np  # noqa: E402

import eagerflow as tf  # noqa: E402
from eagerflow import _accel  # noqa: E402

# (label, eagerflow expression, numpy expression)
CASES = [
    ("a + b (f32 2x2)", "a + b", "x + y"),
    ("tf.add(a, b)", "tf.add(a, b)", "x + y"),
    ("a * b", "a * b", "x * y"),
    ("a - b", "a - b", "x - y"),
    ("a / b", "a / b", "x / y"),
    ("a + 1.5", "a + 1.5", "x + 1.5"),
    ("1.5 + a (reflected)", "1.5 + a", "1.5 + x"),
    ("ti == 0 (i32)", "ti == 0", "xi == 0"),
    ("t == 0.0 (f32)", "a == 0.0", "x == 0.0"),
    ("t == 0 (f32, int)", "a == 0", "x == 0"),
    ("a < b", "a < b", "x < y"),
    ("a != b", "a != b", "x != y"),
]


def _setup():
    x = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    y = np.array([[5.0, 6.0], [7.0, 8.0]], np.float32)
    xi = np.array([[1, 0], [2, 3]], np.int32)
    return dict(tf=tf, np=np, x=x, y=y, xi=xi, a=tf.constant(x), b=tf.constant(y),
                ti=tf.constant(xi))


def measure(number=20000, repeat=25):
    """Per case: ``repeat`` rounds, each timing the NumPy and the eagerflow statement back to back
    (so load changes on a busy machine hit both); medians of the times and of the per-round ratios."""
    env = _setup()
    out = {}
    for label, ef, npx in CASES:
        tn = timeit.Timer(npx, globals=env)
        te = timeit.Timer(ef, globals=env)
        tn.timeit(number // 10)
        te.timeit(number // 10)
        ns, es, rs = [], [], []
        for _ in range(repeat):
            n = tn.timeit(number) / number * 1e6
            e = te.timeit(number) / number * 1e6
            ns.append(n)
            es.append(e)
            rs.append(e / n)
        out[label] = (statistics.median(ns), statistics.median(es), statistics.median(rs))
    return out


def show(title, res):
    print(title)
    print("  %-22s %9s %11s %7s" % ("expression", "numpy µs", "eagerflow µs", "ratio"))
    for label, (n, e, r) in res.items():
        print("  %-22s %9.3f %11.3f %7.2fx" % (label, n, e, r))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--single", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--number", type=int, default=20000)
    p.add_argument("--repeat", type=int, default=25)
    args = p.parse_args()
    res = measure(args.number, args.repeat)
    if args.json:
        print(json.dumps(res))
        return
    show("C accelerator %s" % ("ON" if _accel.ACTIVE else "OFF (pure Python)"), res)
    if args.single or not _accel.ACTIVE:
        return
    env = dict(os.environ, EAGERFLOW_NO_ACCEL="1")
    r = subprocess.run([sys.executable, os.path.abspath(__file__), "--json", "--number",
                        str(args.number), "--repeat", str(args.repeat)],
                       env=env, capture_output=True, text=True, check=True)
    show("pure Python (EAGERFLOW_NO_ACCEL=1)", json.loads(r.stdout))


if __name__ == "__main__":
    main()
