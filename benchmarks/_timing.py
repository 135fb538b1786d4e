"""Shared timing helpers: BLAS pinned to one thread, medians of repeats, ratios."""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
             "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import math  # noqa: E402
import statistics  # noqa: E402
import timeit  # noqa: E402


def per_call_us(fn, repeat=7, min_time=0.05):
    """Median over ``repeat`` runs of the per-call time of ``fn()`` in microseconds.

    Each run makes ``number`` calls, ``number`` the first of 1, 2, 5, 10, 20, 50, ... whose run
    takes at least ``min_time`` seconds (the calibration runs double as warm-up)."""
    timer = timeit.Timer(fn)
    number = 1
    while True:
        for k in (1, 2, 5):
            n = number * k
            if timer.timeit(n) >= min_time:
                number = n
                break
        else:
            number *= 10
            continue
        break
    runs = timer.repeat(repeat=repeat, number=number)
    return statistics.median(runs) / number * 1e6


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def optional(name):
    """Imports an optional peer (tensorflow, torch) or returns None."""
    try:
        if name == "tensorflow":
            import tensorflow as mod
            mod.config.threading.set_intra_op_parallelism_threads(1)
            mod.config.threading.set_inter_op_parallelism_threads(1)
        elif name == "torch":
            import torch as mod
            mod.set_num_threads(1)
        else:
            mod = __import__(name)
        return mod
    except Exception:
        return None


def fmt_row(cols, widths):
    return "  ".join(str(c).rjust(w) if k else str(c).ljust(w) for k, (c, w) in
                     enumerate(zip(cols, widths)))


def fmt_us(t):
    """A time in µs with about three significant figures."""
    if t < 1:
        return "%.3f" % t
    if t < 10:
        return "%.2f" % t
    if t < 100:
        return "%.1f" % t
    return "%.0f" % t


def fmt_ratio(r):
    if r < 10:
        return "%.2f" % r
    if r < 100:
        return "%.1f" % r
    return "%.0f" % r
