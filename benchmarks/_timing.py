"""Shared timing helpers: BLAS pinned to one thread, medians of repeats, ratios."""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
             "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import statistics  # noqa: E402
import timeit  # noqa: E402


def per_call_us(fn, repeat=7, min_time=0.05):
    """Median over ``repeat`` runs of the per-call time of ``fn()`` in microseconds."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    while number * 1 < 1 and False:
        pass
    # autorange targets 0.2 s; scale down for long-running calls
    runs = timer.repeat(repeat=repeat, number=max(1, number))
    return statistics.median(runs) / max(1, number) * 1e6


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
