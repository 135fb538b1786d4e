"""tf.function overheads and the traced MLP training step, eagerflow against hand-written NumPy (and
TensorFlow when installed):

1. calling a traced function whose body is tiny (``x * x + 1.0`` on a 2x2 float32 tensor), beside
   the same NumPy expression and the body run as eager ops;
2. one SGD step of the MLP 64 -> 256 -> 10 (batch 128, sparse softmax cross-entropy on int32
   labels, GradientTape, ``assign_sub`` on four variables) under tf.function, beside the lean NumPy
   step of bench_mlp.py, after checking that both give the same losses over 20 steps;
3. the first call of that step (trace, optimize, generate code, run once).

On a shared, noisy machine absolute times drift, so each comparison alternates the two sides in
rounds and reports the median time of each side and the median of the per-round ratios. BLAS runs
on one thread.

    python benchmarks/bench_function.py [--quick] [--no-tf]
"""
import argparse
import os
import sys
import time

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import per_call_us, optional, fmt_us  # noqa: E402

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
import eagerflow as ef  # noqa: E402
import bench_mlp  # noqa: E402


def body(x):
    return x * x + 1.0


def _per_call(fn, n):
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def paired(a, b, rounds, n):
    """Alternates ``a`` and ``b`` (n calls each) for ``rounds`` rounds: (median µs of a, of b,
    median of the per-round ratios b / a)."""
    ta, tb, ratios = [], [], []
    for _ in range(rounds):
        x = _per_call(a, n)
        y = _per_call(b, n)
        ta.append(x)
        tb.append(y)
        ratios.append(y / x)
    return float(np.median(ta)) * 1e6, float(np.median(tb)) * 1e6, float(np.median(ratios))


def trace_ms(tf, fn, x, n=20):
    """Median time of a first call (trace, compile, run) of a fresh tf.function, in ms."""
    times = []
    for _ in range(n):
        f = tf.function(fn)
        t0 = time.perf_counter()
        f(x)
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2] * 1e3


def tiny_call(args, tf):
    a = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    x = ef.constant(a)
    f = ef.function(body)
    f(x)
    rounds, n = (5, 2000) if args.quick else (15, 20000)
    np_us, call_us, ratio = paired(lambda: a * a + 1.0, lambda: f(x), rounds, n)
    print("1. tf.function(lambda x: x * x + 1.0) on a 2x2 float32 tensor")
    print("   %-34s %10s µs" % ("NumPy a * a + 1.0", fmt_us(np_us)))
    print("   %-34s %10s µs   %.2fx NumPy (median of %d paired rounds)" % (
        "eagerflow call", fmt_us(call_us), ratio, rounds))
    repeat, min_time = (3, 0.02) if args.quick else (7, 0.1)
    print("   %-34s %10s µs" % ("eagerflow eager body", fmt_us(
        per_call_us(lambda: body(x), repeat, min_time))))
    print("   %-34s %10.2f ms" % ("eagerflow first call", trace_ms(ef, body, x)))
    if tf is not None:
        tx = tf.constant(a)
        g = tf.function(body)
        g(tx)
        print("   %-34s %10s µs" % ("TensorFlow call", fmt_us(per_call_us(lambda: g(tx), repeat,
                                                                        min_time))))
        print("   %-34s %10.2f ms" % ("TensorFlow first call", trace_ms(tf, body, tx)))


def mlp_step(args, tf):
    x, y, source = bench_mlp.data()
    params = bench_mlp.init()
    y32 = y.astype(np.int32)
    ex, ey = ef.constant(x), ef.constant(y32)
    want = bench_mlp.losses(bench_mlp.NumpyMLP(params, len(x)).step, x, y)
    got = bench_mlp.losses(ef.function(bench_mlp.TFStyleMLP(ef, params).step), ex, ey)
    diff = max(abs(a - b) for a, b in zip(want, got))
    base = bench_mlp.NumpyMLP(params, len(x)).step
    step = ef.function(bench_mlp.TFStyleMLP(ef, params).step)
    step(ex, ey)
    rounds, n = (5, 20) if args.quick else (21, 50)
    np_us, ef_us, ratio = paired(lambda: base(x, y), lambda: step(ex, ey), rounds, n)
    print("2. MLP 64-256-10 SGD step, batch %d (%s), float32, one BLAS thread" % (len(x), source))
    print("   losses over 20 steps: max |tf.function - NumPy| = %.2e %s" % (
        diff, "ok" if diff <= 1e-5 else "MISMATCH"))
    print("   %-34s %10s µs" % ("NumPy by hand", fmt_us(np_us)))
    print("   %-34s %10s µs   %.3fx NumPy (median of %d paired rounds)" % (
        "eagerflow tf.function step", fmt_us(ef_us), ratio, rounds))
    times = []
    for _ in range(5 if args.quick else 15):
        f = ef.function(bench_mlp.TFStyleMLP(ef, params).step)
        t0 = time.perf_counter()
        f(ex, ey)
        times.append(time.perf_counter() - t0)
    print("3. first call of that step (trace, optimize, generate code, run): %.1f ms (median)" % (
        float(np.median(times)) * 1e3))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-tf", action="store_true")
    args = ap.parse_args(argv)
    tf = None if args.no_tf else optional("tensorflow")
    print("eagerflow %s | numpy %s | %s" % (ef.__version__, np.__version__,
                                          time.strftime("%Y-%m-%d %H:%M")))
    tiny_call(args, tf)
    mlp_step(args, tf)


if __name__ == "__main__":
    main()
