"""Eager-op overhead, side by side: NumPy, eagerflow, and TensorFlow / PyTorch when installed.

    python benchmarks/bench_ops.py            # all rows (TF's Sudoku row takes ~10 s)
    python benchmarks/bench_ops.py --quick    # fewer repeats, no TF Sudoku run

Every figure is the median of repeats, in microseconds per call; the ratio columns divide by
NumPy's time for the same work measured in the same run. BLAS is pinned to one thread.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import per_call_us, optional, fmt_row  # noqa: E402

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
import eagerflow as ef  # noqa: E402

SEED = os.path.join(ROOT, "..", "shared", "seed", "seed_notebook_cells.py")


def rows_core(tf, torch):
    a = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    b = np.array([[5.0, 6.0], [7.0, 8.0]], np.float32)
    ea, eb = ef.constant(a), ef.constant(b)
    out = []
    r = {"name": "2x2 float32 a + b", "numpy": lambda: a + b, "eagerflow": lambda: ea + eb}
    if tf:
        ta, tb = tf.constant(a), tf.constant(b)
        r["tensorflow"] = lambda: ta + tb
    if torch:
        pa, pb = torch.tensor(a), torch.tensor(b)
        r["torch"] = lambda: pa + pb
    out.append(r)
    r = {"name": "2x2 float32 tf.add(a, b)", "numpy": lambda: np.add(a, b),
         "eagerflow": lambda: ef.add(ea, eb)}
    if tf:
        r["tensorflow"] = lambda: tf.add(ta, tb)
    if torch:
        r["torch"] = lambda: torch.add(pa, pb)
    out.append(r)
    r = {"name": "2x2 float32 tensor + 1.5", "numpy": lambda: a + 1.5,
         "eagerflow": lambda: ea + 1.5}
    if tf:
        r["tensorflow"] = lambda: ta + 1.5
    if torch:
        r["torch"] = lambda: pa + 1.5
    out.append(r)

    grid = np.zeros((9, 9), np.int32)
    v = ef.Variable(grid.copy())

    def np_assign():
        grid[4, 5] = 7

    r = {"name": "v[i, j].assign(d), 9x9 int32", "numpy": np_assign,
         "eagerflow": lambda: v[4, 5].assign(7)}
    if tf:
        tv = tf.Variable(grid.copy())
        r["tensorflow"] = lambda: tv[4, 5].assign(7)
    if torch:
        pv = torch.zeros((9, 9), dtype=torch.int32)

        def torch_assign():
            pv[4, 5] = 7
        r["torch"] = torch_assign
    out.append(r)

    g = np.random.default_rng(0).integers(0, 4, (9, 9)).astype(np.int32)
    eg = ef.constant(g)
    r = {"name": "tf.where(t == 0), 9x9 int32", "numpy": lambda: np.argwhere(g == 0),
         "eagerflow": lambda: ef.where(eg == 0)}
    if tf:
        tg = tf.constant(g)
        r["tensorflow"] = lambda: tf.where(tg == 0)
    if torch:
        pg = torch.tensor(g)
        r["torch"] = lambda: torch.argwhere(pg == 0)
    out.append(r)
    return out


def taped_add_row(tf, torch, repeat, n=10000):
    """2x2 add while a tape watches an input: each repeat is n adds inside a fresh tape (as in a
    training step), so every library's tape holds at most n entries; median per-add time."""
    import statistics
    a = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    b = np.array([[5.0, 6.0], [7.0, 8.0]], np.float32)

    def loop(x, y):
        t0 = time.perf_counter()
        for _ in range(n):
            x + y
        return time.perf_counter() - t0

    def with_tape(lib, x, y):
        with lib.GradientTape() as tape:
            tape.watch(x)
            return loop(x, y)

    ea, eb = ef.constant(a), ef.constant(b)
    fns = {"numpy": lambda: loop(a, b), "eagerflow": lambda: with_tape(ef, ea, eb)}
    if tf:
        ta, tb = tf.constant(a), tf.constant(b)
        fns["tensorflow"] = lambda: with_tape(tf, ta, tb)
    if torch:
        pa, pb = torch.tensor(a, requires_grad=True), torch.tensor(b)
        fns["torch"] = lambda: loop(pa, pb)
    return {k: statistics.median(f() for _ in range(repeat)) / n * 1e6 for k, f in fns.items()}


def grad_cube_rows(tf, torch):
    w = ef.Variable(3.0)

    def ef_grad():
        with ef.GradientTape() as t:
            y = w * w * w
        return t.gradient(y, w)

    def np_grad():
        x = np.float32(3.0)
        y = x * x * x
        return 3 * x * x + 0 * y

    r = {"name": "grad of w*w*w (record + gradient)", "numpy": np_grad, "eagerflow": ef_grad}
    if tf:
        tw = tf.Variable(3.0)

        def tf_grad():
            with tf.GradientTape() as t:
                y = tw * tw * tw
            return t.gradient(y, tw)
        r["tensorflow"] = tf_grad
    if torch:
        pw = torch.tensor(3.0, requires_grad=True)

        def torch_grad():
            pw.grad = None
            y = pw * pw * pw
            y.backward()
            return pw.grad
        r["torch"] = torch_grad
    return r


def import_time(module, repeat=7):
    """Median wall time of ``python -c "import module"`` in fresh processes, bytecode cached (as
    after any normal install: a first warm-up run writes the .pyc files)."""
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", "import %s" % module], check=True, env=env)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import %s" % module], check=True, env=env)
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2] * 1e6


def seed_sudoku_seconds(module_name):
    """Runs the seed notebook's Sudoku cells (code unchanged) on ``module_name``; seconds."""
    sys.path.insert(0, ROOT)
    from tests.seed_runner import split_cells
    code = dict(split_cells(open(SEED).read()))
    mod = __import__(module_name)
    ns = {"tf": mod, "np": np}
    for n in (33, 36, 37, 38, 39):
        exec(code[n], ns)
    devnull = open(os.devnull, "w")
    stdout = sys.stdout
    sys.stdout = devnull
    try:
        t0 = time.perf_counter()
        exec(code[40], ns)
        return time.perf_counter() - t0
    finally:
        sys.stdout = stdout


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="3 repeats; skip TF's Sudoku cell")
    p.add_argument("--no-peers", action="store_true", help="NumPy and eagerflow only")
    args = p.parse_args(argv)
    repeat = 3 if args.quick else 7
    tf = None if args.no_peers else optional("tensorflow")
    torch = None if args.no_peers else optional("torch")
    cols = ["numpy", "eagerflow", "tensorflow", "torch"]
    have = [c for c in cols if c == "numpy" or c == "eagerflow" or
            (c == "tensorflow" and tf) or (c == "torch" and torch)]
    print("eagerflow %s | numpy %s | tensorflow %s | torch %s | %s" % (
        ef.__version__, np.__version__, getattr(tf, "__version__", "-"),
        getattr(torch, "__version__", "-"), time.strftime("%Y-%m-%d")))
    widths = [36] + [10] * len(have) + [9] * (len(have) - 1)
    header = ["op (us per call, median of %d)" % repeat] + have + ["x " + c[:6] for c in have[1:]]
    print(fmt_row(header, widths))
    rows = rows_core(tf, torch)
    rows.append(grad_cube_rows(tf, torch))
    results = []
    for r in rows:
        t = {c: per_call_us(r[c], repeat) for c in have if c in r}
        results.append((r["name"], t))
    results.append(("2x2 add, a tape watching", taped_add_row(tf, torch, repeat)))
    for name, t in results:
        base = t["numpy"]
        cells = [name] + ["%.3f" % t[c] if c in t else "-" for c in have] + \
            ["%.2f" % (t[c] / base) if c in t else "-" for c in have[1:]]
        print(fmt_row(cells, widths))
    np_imp = import_time("numpy", repeat)
    ef_imp = import_time("eagerflow", repeat)
    print("import (fresh process, ms): numpy %.1f  eagerflow %.1f  (+%.1f ms)" % (
        np_imp / 1e3, ef_imp / 1e3, (ef_imp - np_imp) / 1e3))
    if os.path.exists(SEED):
        ef_s = min(seed_sudoku_seconds("eagerflow") for _ in range(3))
        line = "seed notebook Sudoku cell (code unchanged): eagerflow %.3f s" % ef_s
        if tf and not args.quick:
            tf_s = seed_sudoku_seconds("tensorflow")
            line += ", tensorflow %.2f s, speed-up %.0fx" % (tf_s, tf_s / ef_s)
        print(line)


if __name__ == "__main__":
    main()
