"""tf.function overheads: calling a traced function whose body is tiny (``x * x + 1.0`` on a 2x2
float32 tensor) and tracing it, eagerflow against TensorFlow when installed; the same body as eager
ops for reference.

    python benchmarks/bench_function.py [--quick] [--no-tf]
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import per_call_us, optional, fmt_us  # noqa: E402

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
import eagerflow as ef  # noqa: E402


def body(x):
    return x * x + 1.0


def trace_ms(tf, fn, x, n=20):
    """Median time of a first call (trace, compile, run) of a fresh tf.function, in ms."""
    times = []
    for _ in range(n):
        f = tf.function(fn)
        t0 = time.perf_counter()
        f(x)
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2] * 1e3


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-tf", action="store_true")
    args = ap.parse_args(argv)
    repeat, min_time = (3, 0.02) if args.quick else (7, 0.1)
    tf = None if args.no_tf else optional("tensorflow")
    a = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    rows = []
    for name, lib in (("eagerflow", ef), ("TensorFlow", tf)):
        if lib is None:
            continue
        x = lib.constant(a)
        f = lib.function(body)
        f(x)
        rows.append((name, per_call_us(lambda: f(x), repeat, min_time),
                     per_call_us(lambda: body(x), repeat, min_time), trace_ms(lib, body, x)))
    print("tf.function(lambda x: x * x + 1.0) on a 2x2 float32 tensor")
    print("%-12s %18s %18s %16s" % ("library", "call (µs)", "eager body (µs)", "first call (ms)"))
    for name, call, eager, tr in rows:
        print("%-12s %18s %18s %16.2f" % (name, fmt_us(call), fmt_us(eager), tr))


if __name__ == "__main__":
    main()
