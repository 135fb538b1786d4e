"""One epoch of ``from_tensor_slices((X, y)).shuffle(1437).batch(32)`` over digits-sized arrays
(1437x64 float32, int32 labels), consuming every batch as tensors: eagerflow vs TensorFlow (when
installed) vs a NumPy permutation + slicing loop. Medians of repeats; ratios to NumPy.

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_data.py [--repeats 30]
"""
import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import numpy as np  # noqa: E402

N, F, BATCH = 1437, 64, 32


def numpy_epoch(X, y, rng):
    order = rng.permutation(len(X))
    n = 0
    for lo in range(0, len(X), BATCH):
        idx = order[lo:lo + BATCH]
        xb, yb = X[idx], y[idx]
        n += len(yb)
    return n


def pipeline_epoch(ds):
    n = 0
    for xb, yb in ds:
        n += int(yb.shape[0])
    return n


def median_time(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        assert fn() == N
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--repeats", type=int, default=30)
    args = p.parse_args(argv)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N, F)).astype(np.float32)
    y = (np.arange(N) % 10).astype(np.int32)
    rows = [("numpy permutation + slicing", median_time(lambda: numpy_epoch(X, y, rng),
                                                        args.repeats))]
    import eagerflow as ef
    ds = ef.data.Dataset.from_tensor_slices((X, y)).shuffle(N).batch(BATCH)
    rows.append(("eagerflow tf.data", median_time(lambda: pipeline_epoch(ds), args.repeats)))
    try:
        import tensorflow as tf
    except ImportError:
        tf = None
    if tf is not None:
        tds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(N).batch(BATCH)
        rows.append(("tensorflow tf.data", median_time(lambda: pipeline_epoch(tds),
                                                       args.repeats)))
    base = rows[0][1]
    print("one epoch, %d x %d float32 + int32 labels, shuffle(%d).batch(%d), median of %d"
          % (N, F, N, BATCH, args.repeats))
    for name, t in rows:
        print("  %-30s %9.3f ms   %6.2fx numpy" % (name, t * 1e3, t / base))
    if tf is not None:
        print("  eagerflow / tensorflow: %.2fx" % (rows[1][1] / rows[2][1]))


if __name__ == "__main__":
    main()
