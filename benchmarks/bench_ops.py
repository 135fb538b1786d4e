"""Eager-op overhead, side by side: NumPy, eagerflow, and PyTorch / TensorFlow when installed.

    python benchmarks/bench_ops.py              # all rows (TF's Sudoku cell takes ~10 s)
    python benchmarks/bench_ops.py --quick      # fewer, shorter repeats; no TF Sudoku run
    python benchmarks/bench_ops.py --no-tf      # no TensorFlow column (--no-peers: no TF, no torch)
    python benchmarks/bench_ops.py --markdown   # the tables as Markdown, ready for the README

Every figure is the median of repeats, in microseconds per call; the ratio columns divide by
NumPy's time for the same work measured in the same run (and the last one by PyTorch's). BLAS is
pinned to one thread. The NumPy column is the lean call one would write by hand for the same work
(`a.reshape(4)`, `a[0]`, `g.take(idx, 0)`, `a.sum()`, softmax as max-subtract / exp / normalise).
An op that is missing or raises in a library prints "error: <ExceptionClass>" in its cell; the run
goes on. Rows are 2x2 float32 unless their name says otherwise; the geometric mean of
eagerflow / NumPy is over the small-tensor rows of the first table.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import per_call_us, optional, fmt_row, fmt_us, fmt_ratio, geomean  # noqa: E402

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
import eagerflow as ef  # noqa: E402

SEED = os.path.join(ROOT, "..", "shared", "seed", "seed_notebook_cells.py")
COLS = ["numpy", "eagerflow", "torch", "tensorflow"]
LABEL = {"numpy": "NumPy", "eagerflow": "eagerflow", "torch": "PyTorch", "tensorflow": "TF"}


class Op:
    """One row of the op table. ``inputs`` are NumPy arrays, handed to each library as its own
    tensors (``torch_inputs`` when PyTorch needs other dtypes). ``np_fn(*arrays)``,
    ``tf_fn(module, *tensors)`` (used for both eagerflow and TensorFlow) and
    ``torch_fn(torch, *tensors)`` each return the zero-argument callable that is timed."""

    def __init__(self, name, inputs, np_fn, tf_fn, torch_fn, torch_inputs=None, small=True):
        self.name, self.inputs, self.small = name, inputs, small
        self.np_fn, self.tf_fn, self.torch_fn = np_fn, tf_fn, torch_fn
        self.torch_inputs = inputs if torch_inputs is None else torch_inputs

    def callables(self, tf, torch):
        """{column: zero-argument callable, or the exception that building it raised}."""
        makers = {"numpy": lambda: self.np_fn(*self.inputs),
                  "eagerflow": lambda: self.tf_fn(ef, *[ef.constant(x) for x in self.inputs])}
        if torch:
            makers["torch"] = lambda: self.torch_fn(torch, *[torch.tensor(x)
                                                             for x in self.torch_inputs])
        if tf:
            makers["tensorflow"] = lambda: self.tf_fn(tf, *[tf.constant(x) for x in self.inputs])
        out = {}
        for col, make in makers.items():
            try:
                out[col] = make()
            except Exception as e:  # a missing op must not end the run
                out[col] = e
        return out


def np_softmax(a):
    def f():
        e = np.exp(a - a.max(-1, keepdims=True))
        e /= e.sum(-1, keepdims=True)
        return e
    return f


def np_one_hot(i, depth):
    def f():
        o = np.zeros((i.size, depth), np.float32)
        o[np.arange(i.size), i] = 1
        return o
    return f


def op_rows():
    a = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    b = np.array([[5.0, 6.0], [7.0, 8.0]], np.float32)
    a3 = a.reshape(1, 2, 2)
    cond = a > 2.5
    g = np.arange(81, dtype=np.int32).reshape(9, 9)
    gi = np.array([0, 2, 4], np.int32)
    oh = np.array([0, 2, 1], np.int32)
    rng = np.random.default_rng(0)
    big_a = rng.uniform(-1, 1, (256, 256)).astype(np.float32)
    big_b = rng.uniform(-1, 1, (256, 256)).astype(np.float32)
    return [
        Op("add: a + b", (a, b), lambda a, b: lambda: a + b,
           lambda m, a, b: lambda: a + b, lambda m, a, b: lambda: a + b),
        Op("tf.add(a, b)  (np.add)", (a, b), lambda a, b: lambda: np.add(a, b),
           lambda m, a, b: lambda: m.add(a, b), lambda m, a, b: lambda: m.add(a, b)),
        Op("tf.multiply(a, b)", (a, b), lambda a, b: lambda: np.multiply(a, b),
           lambda m, a, b: lambda: m.multiply(a, b), lambda m, a, b: lambda: m.mul(a, b)),
        Op("tf.exp", (a,), lambda a: lambda: np.exp(a),
           lambda m, a: lambda: m.exp(a), lambda m, a: lambda: m.exp(a)),
        Op("tf.math.log", (a,), lambda a: lambda: np.log(a),
           lambda m, a: lambda: m.math.log(a), lambda m, a: lambda: m.log(a)),
        Op("tf.nn.relu  (np.maximum(a, 0))", (a,), lambda a: lambda: np.maximum(a, 0),
           lambda m, a: lambda: m.nn.relu(a),
           lambda m, a: lambda: m.nn.functional.relu(a)),
        Op("tf.sigmoid  (1 / (1 + np.exp(-a)))", (a,), lambda a: lambda: 1 / (1 + np.exp(-a)),
           lambda m, a: lambda: m.sigmoid(a), lambda m, a: lambda: m.sigmoid(a)),
        Op("tf.tanh", (a,), lambda a: lambda: np.tanh(a),
           lambda m, a: lambda: m.tanh(a), lambda m, a: lambda: m.tanh(a)),
        Op("tf.reshape(t, [4])", (a,), lambda a: lambda: a.reshape(4),
           lambda m, a: lambda: m.reshape(a, [4]), lambda m, a: lambda: a.reshape(4)),
        Op("tf.transpose  (a.T)", (a,), lambda a: lambda: a.T,
           lambda m, a: lambda: m.transpose(a), lambda m, a: lambda: a.T),
        Op("tf.expand_dims(t, 0)  (a[None])", (a,), lambda a: lambda: a[None],
           lambda m, a: lambda: m.expand_dims(a, 0), lambda m, a: lambda: a.unsqueeze(0)),
        Op("tf.squeeze(t, 0), 1x2x2", (a3,), lambda a: lambda: a.squeeze(0),
           lambda m, a: lambda: m.squeeze(a, 0), lambda m, a: lambda: a.squeeze(0)),
        Op("tf.concat([a, b], 0)", (a, b), lambda a, b: lambda: np.concatenate((a, b)),
           lambda m, a, b: lambda: m.concat([a, b], 0), lambda m, a, b: lambda: m.cat((a, b))),
        Op("tf.stack([a, b])", (a, b), lambda a, b: lambda: np.stack((a, b)),
           lambda m, a, b: lambda: m.stack([a, b]), lambda m, a, b: lambda: m.stack((a, b))),
        Op("tf.cast(t, tf.int32)", (a,), lambda a: lambda: a.astype(np.int32),
           lambda m, a: lambda: m.cast(a, m.int32), lambda m, a: lambda: a.to(m.int32)),
        Op("t[0]", (a,), lambda a: lambda: a[0],
           lambda m, a: lambda: a[0], lambda m, a: lambda: a[0]),
        Op("t[:, 1]", (a,), lambda a: lambda: a[:, 1],
           lambda m, a: lambda: a[:, 1], lambda m, a: lambda: a[:, 1]),
        Op("tf.gather(t, [0, 2, 4]), 9x9 int32", (g, gi), lambda g, i: lambda: g.take(i, 0),
           lambda m, g, i: lambda: m.gather(g, i),
           lambda m, g, i: lambda: m.index_select(g, 0, i)),
        Op("tf.reduce_sum(t)", (a,), lambda a: lambda: a.sum(),
           lambda m, a: lambda: m.reduce_sum(a), lambda m, a: lambda: a.sum()),
        Op("tf.reduce_mean(t)", (a,), lambda a: lambda: a.mean(),
           lambda m, a: lambda: m.reduce_mean(a), lambda m, a: lambda: a.mean()),
        Op("tf.reduce_max(t)", (a,), lambda a: lambda: a.max(),
           lambda m, a: lambda: m.reduce_max(a), lambda m, a: lambda: a.max()),
        Op("tf.argmax(t, 0)", (a,), lambda a: lambda: a.argmax(0),
           lambda m, a: lambda: m.argmax(a, 0), lambda m, a: lambda: m.argmax(a, 0)),
        Op("tf.matmul(a, b)  (a @ b)", (a, b), lambda a, b: lambda: a @ b,
           lambda m, a, b: lambda: m.matmul(a, b), lambda m, a, b: lambda: m.matmul(a, b)),
        Op("tf.where(c, a, b), bool c", (cond, a, b), lambda c, a, b: lambda: np.where(c, a, b),
           lambda m, c, a, b: lambda: m.where(c, a, b),
           lambda m, c, a, b: lambda: m.where(c, a, b)),
        Op("tf.maximum(a, b)", (a, b), lambda a, b: lambda: np.maximum(a, b),
           lambda m, a, b: lambda: m.maximum(a, b), lambda m, a, b: lambda: m.maximum(a, b)),
        Op("tf.equal(a, b)", (a, b), lambda a, b: lambda: np.equal(a, b),
           lambda m, a, b: lambda: m.equal(a, b), lambda m, a, b: lambda: m.eq(a, b)),
        Op("tf.one_hot([0, 2, 1], 3)", (oh,), lambda i: np_one_hot(i, 3),
           lambda m, i: lambda: m.one_hot(i, 3),
           lambda m, i: lambda: m.nn.functional.one_hot(i, 3),
           torch_inputs=(oh.astype(np.int64),)),
        Op("tf.nn.softmax", (a,), np_softmax,
           lambda m, a: lambda: m.nn.softmax(a), lambda m, a: lambda: m.softmax(a, -1)),
        Op("tf.zeros_like", (a,), lambda a: lambda: np.zeros_like(a),
           lambda m, a: lambda: m.zeros_like(a), lambda m, a: lambda: m.zeros_like(a)),
        Op("tf.shape(t)  (np.array(a.shape, np.int32))", (a,),
           lambda a: lambda: np.array(a.shape, np.int32),
           lambda m, a: lambda: m.shape(a),
           lambda m, a: lambda: m.tensor(a.shape, dtype=m.int32)),
        Op("tf.tile(t, [2, 2])", (a,), lambda a: lambda: np.tile(a, (2, 2)),
           lambda m, a: lambda: m.tile(a, [2, 2]), lambda m, a: lambda: m.tile(a, (2, 2))),
        Op("256x256 add: a + b", (big_a, big_b), lambda a, b: lambda: a + b,
           lambda m, a, b: lambda: a + b, lambda m, a, b: lambda: a + b, small=False),
        Op("256x256 tf.matmul  (a @ b)", (big_a, big_b), lambda a, b: lambda: a @ b,
           lambda m, a, b: lambda: m.matmul(a, b), lambda m, a, b: lambda: m.matmul(a, b),
           small=False),
        Op("256x256 tf.exp", (big_a,), lambda a: lambda: np.exp(a),
           lambda m, a: lambda: m.exp(a), lambda m, a: lambda: m.exp(a), small=False),
        Op("256x256 tf.reduce_sum(t)", (big_a,), lambda a: lambda: a.sum(),
           lambda m, a: lambda: m.reduce_sum(a), lambda m, a: lambda: a.sum(), small=False),
    ]


def rows_core(tf, torch):
    """Rows kept from the first version of this benchmark (not in the geometric mean)."""
    a = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    ea = ef.constant(a)
    out = []
    # (a + b and tf.add(a, b) are rows of the op table)
    if tf:
        ta = tf.constant(a)
    if torch:
        pa = torch.tensor(a)
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
    out = {}
    for k, f in fns.items():
        try:
            out[k] = statistics.median(f() for _ in range(repeat)) / n * 1e6
        except Exception as e:  # a failing library must not end the run
            out[k] = e
    return out


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


def measure(fns, repeat, min_time):
    """{column: µs per call, or the exception that the first call raised}."""
    out = {}
    for col, fn in fns.items():
        if col == "name":
            continue
        if isinstance(fn, Exception):
            out[col] = fn
            continue
        try:
            fn()
        except Exception as e:  # a missing or failing op must not end the run
            out[col] = e
            continue
        out[col] = per_call_us(fn, repeat, min_time)
    return out


def ratio(t, num, den):
    x, y = t.get(num), t.get(den)
    if isinstance(x, float) and isinstance(y, float) and y > 0:
        return x / y
    return None


def render(title, results, have, markdown):
    """Prints one table; ``results`` is a list of (name, {column: µs or exception})."""
    ratios = [("eagerflow", "numpy")] + [(c, "numpy") for c in ("tensorflow", "torch") if c in have]
    if "torch" in have:
        ratios.append(("eagerflow", "torch"))
    head = ["%s µs" % LABEL[c] for c in have] + ["%s ÷ %s" % (LABEL[x], LABEL[y]) for x, y in ratios]
    lines = []
    for name, t in results:
        cells = []
        for c in have:
            v = t.get(c)
            cells.append("-" if v is None else
                         "error: %s" % type(v).__name__ if isinstance(v, Exception) else fmt_us(v))
        rs = [ratio(t, x, y) for x, y in ratios]
        cells += ["-" if r is None else fmt_ratio(r) + ("×" if markdown else "") for r in rs]
        slower = "torch" in have and rs[-1] is not None and rs[-1] > 1
        note = "slower than PyTorch" if slower else ""
        if markdown and slower:
            cells[-1] = "**%s**" % cells[-1]
        lines.append([name] + cells + [note])
    if markdown:
        print("\n**%s**\n" % title)
        print("| op | " + " | ".join(head) + " | |")
        print("|---|" + "---:|" * len(head) + "---|")
        for cells in lines:
            print("| " + " | ".join(cells) + " |")
        print()
    else:
        widths = [max(len(title), max(len(c[0]) for c in lines))] + \
            [max(10, len(h), max(len(c[k + 1]) for c in lines)) for k, h in enumerate(head)] + [0]
        print()
        print(fmt_row([title] + head + [""], widths).rstrip())
        for cells in lines:
            print(fmt_row(cells, widths).rstrip())


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true",
                   help="3 short repeats per cell; skip TF's Sudoku cell")
    p.add_argument("--no-tf", action="store_true", help="no TensorFlow column")
    p.add_argument("--no-peers", action="store_true", help="NumPy and eagerflow only")
    p.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    args = p.parse_args(argv)
    repeat, min_time = (3, 0.02) if args.quick else (7, 0.1)
    tf = None if args.no_peers or args.no_tf else optional("tensorflow")
    torch = None if args.no_peers else optional("torch")
    have = [c for c in COLS if c in ("numpy", "eagerflow") or
            (c == "tensorflow" and tf) or (c == "torch" and torch)]
    try:
        from eagerflow import _accel
        on = getattr(_accel, "ACTIVE", getattr(_accel, "ENABLED", None))
        accel = "C accelerator %s" % ("?" if on is None else "on" if on else "off (pure Python)")
    except ImportError:
        accel = "no C accelerator module"
    print("eagerflow %s | numpy %s | torch %s | tensorflow %s | python %s | %s | %s" % (
        ef.__version__, np.__version__, getattr(torch, "__version__", "-"),
        getattr(tf, "__version__", "-"), sys.version.split()[0], accel, time.strftime("%Y-%m-%d")))
    print("µs per call, median of %d runs of >= %g s each; one BLAS thread; 2x2 float32 unless "
          "noted; NumPy's call in parentheses where it is not the obvious one" % (repeat, min_time))

    ops = op_rows()
    results = []
    for op in ops:
        results.append((op.name, measure(op.callables(tf, torch), repeat, min_time)))
    render("eager ops", results, have, args.markdown)
    small = [t for (_, t), op in zip(results, ops) if op.small]
    gm = {}
    for x, y in [("eagerflow", "numpy"), ("tensorflow", "numpy"), ("torch", "numpy"),
                 ("eagerflow", "torch")]:
        if x in have and y in have:
            rs = [ratio(t, x, y) for t in small]
            ok = [r for r in rs if r is not None]
            gm[(x, y)] = (geomean(ok), len(ok))
    g, n = gm[("eagerflow", "numpy")]
    bullet = "- " if args.markdown else ""
    print("%sgeometric mean over the %d small-tensor rows: eagerflow ÷ NumPy %s" % (
        bullet, n, "-" if g is None else "**%.2f×**" % g if args.markdown else "%.2fx" % g), end="")
    for (x, y), (g, n) in gm.items():
        if (x, y) != ("eagerflow", "numpy") and g is not None:
            print(", %s ÷ %s %.2f%s" % (LABEL[x], LABEL[y], g, "×" if args.markdown else "x"),
                  end="")
    print()
    slower = [name for name, t in results if ratio(t, "eagerflow", "torch") is not None and
              ratio(t, "eagerflow", "torch") > 1]
    if "torch" in have:
        print("%seagerflow slower than PyTorch on %d of %d rows (marked)" % (
            bullet, len(slower), len(results)))
    errors = [name for name, t in results if isinstance(t.get("eagerflow"), Exception)]
    if errors:
        print("%seagerflow raised on: %s" % (bullet, "; ".join(errors)))

    extra = [(r["name"], measure(r, repeat, min_time)) for r in rows_core(tf, torch)]
    r = grad_cube_rows(tf, torch)
    extra.append((r["name"], measure(r, repeat, min_time)))
    extra.append(("2x2 add, a tape watching (10,000 adds per fresh tape)",
                  taped_add_row(tf, torch, repeat)))
    render("more (kept from the first bench_ops)", extra, have, args.markdown)

    try:
        np_imp = import_time("numpy", repeat)
        ef_imp = import_time("eagerflow", repeat)
        print("%simport (fresh process, ms): numpy %.1f  eagerflow %.1f  (%+.1f ms)" % (
            bullet, np_imp / 1e3, ef_imp / 1e3, (ef_imp - np_imp) / 1e3))
    except Exception as e:
        print("%simport (fresh process): error: %s" % (bullet, type(e).__name__))
    if os.path.exists(SEED):
        try:
            ef_s = min(seed_sudoku_seconds("eagerflow") for _ in range(3))
        except Exception as e:
            print("%sseed notebook Sudoku cell: eagerflow error: %s" % (bullet, type(e).__name__))
            return
        line = "seed notebook Sudoku cell (code unchanged): eagerflow %.3f s" % ef_s
        if tf and not args.quick:
            tf_s = seed_sudoku_seconds("tensorflow")
            line += ", tensorflow %.2f s, speed-up %.0fx" % (tf_s, tf_s / ef_s)
        print(bullet + line)


if __name__ == "__main__":
    main()
